"""No secret ever leaves a module: every option that takes one (the no_log options of every argument spec) is used
with a distinctive value, in diff mode and in check mode, in successful and failing tasks (validation failures, API
refusals, wrong credentials, an unreachable API after its retries), and neither the output, nor the task results
(as the results callback records them), nor the emulator's own request log may contain a secret or a simple
encoding of it (base64, URL-encoded, JSON-escaped, Python repr).

Every class of secret (PSK, user password, private key, each credential form) goes through real ansible-playbook
runs at -vvv, since only they show what Ansible itself prints. The longer tables (every module with the secret key
as an option, the other validation failures, each credential form with a PSK and a password) run the modules'
main() in this process against the same emulator after those runs (support.inprocess): their result is what
Ansible would print, after AnsibleModule removed the no_log values.

The secrets are given as extra variables (a file): the playbooks never contain them.

The roles' example playbooks (playbooks/*.yml) run at -vvv with --diff, with distinctive pre-shared keys and
passwords, as AWX job templates: tests/awx/test_awx_job.py scans what the runner records and the emulator's log
with the same scan (support.leaks)."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
import yaml
from jinja2.nativetypes import NativeEnvironment
from support.certs import issue
from support.emulator import EmulatorProcess
from support.inprocess import ModuleRun, environment, run_module
from support.leaks import leaks
from support.module_specs import API_MODULES, MODULES, argument_spec, no_log_options, walk
from support.playbook import run_playbook

pytestmark = pytest.mark.slow

# Every no_log option, per module ("*": every module that calls the API), and where the runs below use it.
COVERED = {
    "*": {"secret_key", "security_token", "auth_token", "user_password"},
    "peer_config_files": {"files[].content"},
    "vpn_connection": {"psk", "connections[].psk"},
    "p2c_user": {"password", "users[].password"},
    "p2c_user_password": {"old_password", "new_password"},
    "vpn_gateway": {"certificate.private_key", "certificate.enc_private_key"},
}
# Options whose names sound secret but hold nothing secret.
NOT_SECRET = {"access_key", "update_psk", "update_password", "user_name", "domain_name"}
SECRET_WORDS = {"password", "passwd", "secret", "token", "psk", "key", "passphrase", "credential", "credentials"}

SECRETS = {
    "secret_key": "Sk-Sentinel-7Qz-9Wd",
    "user_password": "Iam-Sentinel\"Pw\\8q'",
    "wrong_secret_key": "Sk-Wrong-Sentinel-3Vx",
    "wrong_user_password": "Iam-Wrong-Sentinel\"9&",
    "wrong_auth_token": "Tok-Wrong-Sentinel-4Kp",
    "wrong_security_token": "Sts-Wrong-Sentinel-5Lm",
    "psk": "Psk-Sentinel-A1x",
    "psk_new": "Psk-Sentinel-B2y",
    "psk_list_1": "Psk#Sentinel=C3z",
    "psk_list_2": "Psk.Sentinel+D4w",
    "psk_refused_by_api": "Psk-Sentinel-Q9r",
    "psk_unreachable": "Psk-Sentinel-U8t",
    "psk_bad_char": "Psk Sentinel\"E5v",
    "psk_weak": "psksentinelweakf",
    "psk_list_bad": "Shrt-S6",
    "password": "Pw\"Sentinel\\1a",
    "password_new": "Pw'Sentinel\\2b",
    "password_list_1": "Pw-List\"Sentinel3c",
    "password_list_2": "Pw-List\\Sentinel4d",
    "password_bad_char": "Pw-Sentinel-\u00fc5e",
    "password_weak": "pwsentinelonly",
    "password_refused_by_api": "P@ssw0rd",  # the module accepts it, the service refuses it (too common)
    "password_wrong_auth": "Pw-Sentinel-W7g",
    "password_changed": "Pw-Changed\"Sentinel5f",
    "password_changed_new": "Pw-Changed\\Sentinel6g",
}
GM_CA = issue("Secrets GM CA", ca=True)
GM = {"chain": GM_CA.pem}
for _label, _name in (("sign", "secrets-sign"), ("enc", "secrets-enc"), ("renewed", "secrets-renewed")):
    _issued = issue(_name, issuer=GM_CA)
    GM[_label], GM[_label + "_key"] = _issued.pem, _issued.key_pem
SECRETS.update(gm_sign_key=GM["sign_key"], gm_enc_key=GM["enc_key"], gm_renewed_key=GM["renewed_key"],
               bad_private_key="-----BEGIN PRIVATE KEY-----\nKeySentinelGarbage0123456789\n-----END PRIVATE KEY-----\n")


def test_every_no_log_option_is_covered() -> None:
    """A new secret option fails here until the runs below use it."""
    found = {module: set(no_log_options(module)) for module in MODULES}
    common = set.intersection(*[found[module] for module in API_MODULES])
    assert common == COVERED["*"]
    specific = {module: options - common for module, options in found.items() if options - common}
    assert specific == {module: options for module, options in COVERED.items() if module != "*"}


@pytest.mark.parametrize("module", MODULES)
def test_options_that_sound_secret_are_no_log(module: str) -> None:
    for path, option in walk(argument_spec(module)):
        leaf = path.rsplit(".", 1)[-1].replace("[]", "")
        if SECRET_WORDS & set(leaf.split("_")) and leaf not in NOT_SECRET:
            assert option.get("no_log") is True, f"{module}: {path} sounds secret but is not no_log"


# -- the scan ---------------------------------------------------------------------------------------------------

def test_the_scan_finds_encoded_secrets() -> None:
    text = json.dumps({"a": SECRETS["user_password"]}) + base64.b64encode(SECRETS["psk"].encode()).decode()
    text += urllib.parse.quote(SECRETS["password_new"]) + GM["sign_key"].splitlines()[2] + "x"
    assert {"gm_sign_key (pem line 1)", "password_new (url)", "psk (base64)", "user_password (json)"} <= set(
        leaks(text, SECRETS))
    assert not leaks(json.dumps({"secret_key": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}), SECRETS)


# -- the emulator, with the distinctive account secrets and its request log on stdout ------------------------------

class VerboseEmulator(EmulatorProcess):
    def __init__(self) -> None:
        super().__init__("--verbose", "--secret-key", SECRETS["secret_key"], "--user-password",
                         SECRETS["user_password"], keep_output=True)
        self.secret_key = SECRETS["secret_key"]

    def post(self, path: str, body: Any, headers: Optional[Dict[str, str]] = None) -> Tuple[Dict[str, Any], Any]:
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                         headers=dict({"Content-Type": "application/json"}, **(headers or {})))
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read()), response.headers


@pytest.fixture(scope="module")
def emulator_run() -> Iterator[VerboseEmulator]:
    with VerboseEmulator() as process:
        yield process


def temporary_credentials(emulator: VerboseEmulator) -> Dict[str, str]:
    """An IAM token (password auth) and temporary AK/SK with a security token, as the real IAM issues them."""
    _body, headers = emulator.post("/v3/auth/tokens", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "emulator-user", "password": SECRETS["user_password"],
            "domain": {"name": "emulator-domain"}}}},
        "scope": {"project": {"name": emulator.region}}}})
    token = headers["X-Subject-Token"]
    body, _headers = emulator.post("/v3.0/OS-CREDENTIAL/securitytokens", {"auth": {"identity": {
        "methods": ["token"], "token": {"duration_seconds": 900}}}}, {"X-Auth-Token": token})
    credential = body["credential"]
    return {"auth_token": token, "temporary_access_key": credential["access"],
            "temporary_secret_key": credential["secret"], "security_token": credential["securitytoken"]}


# -- the playbook --------------------------------------------------------------------------------------------------

def task(name: str, module: str, args: Dict[str, Any], **keywords: Any) -> Dict[str, Any]:
    return dict({"name": name, f"hwcloud.vpn.{module}": args}, **keywords)


def failing(name: str, module: str, args: Dict[str, Any], **keywords: Any) -> Dict[str, Any]:
    return task("fails: " + name, module, args, ignore_errors=True, **keywords)


def twice(name: str, module: str, args: Dict[str, Any]) -> List[Dict[str, Any]]:
    """A check-mode run with diff, then the task as the run's mode says."""
    return [task(name + " (check)", module, args, check_mode=True, diff=True), task(name, module, args)]


def setup_tasks() -> List[Dict[str, Any]]:
    real = {"check_mode": False}
    fixtures = "{{ fixtures.json }}"
    vpc = "(fixtures.json.vpcs | selectattr('name', 'eq', 'vpc-demo') | first)"
    return [
        {"name": "Fixtures", "ansible.builtin.uri": {"url": "{{ emulator_url }}/_emulator/fixtures"},
         "register": "fixtures", **real},
        {"name": "Name them", "ansible.builtin.set_fact": {
            "vpc_id": "{{ %s.id }}" % vpc,
            "vpn_subnet": "{{ (%s.subnets | selectattr('name', 'eq', 'subnet-demo-vpn') | first).id }}" % vpc,
            "p2c_subnet": "{{ (%s.subnets | selectattr('name', 'eq', 'subnet-demo-p2c') | first).id }}" % vpc,
            "eips": "{{ fixtures.json.eips | items2dict('name', 'id') }}",
            "ccm_id": "{{ (fixtures.json.certificates | selectattr('status', 'eq', 'ISSUED') | first).id }}",
            "unused": fixtures}, **real},
        task("Setup gateway", "vpn_gateway", {
            "name": "sec-gw", "vpc_id": "{{ vpc_id }}", "connect_subnet": "{{ vpn_subnet }}",
            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": "{{ eips['eip-01'] }}"},
            "eip2": {"id": "{{ eips['eip-02'] }}"}}, register="gw", **real),
        task("Setup customer gateways", "vpn_customer_gateway", {"name": "{{ item }}", "id_value": "203.0.113.4{{ i }}"},
             loop=["sec-cgw", "sec-cgw-2", "sec-cgw-3"], loop_control={"index_var": "i"}, **real),
        task("Setup P2C gateway", "p2c_gateway", {
            "name": "sec-p2c", "vpc_id": "{{ vpc_id }}", "connect_subnet": "{{ p2c_subnet }}",
            "eip": {"type": "5_bgp", "bandwidth_size": 10}}, register="p2c", **real),
        task("Setup VPN server", "p2c_server", {
            "p2c_vgw_id": "{{ p2c.p2c_vpn_gateway.id }}", "client_cidr": "172.16.0.0/24",
            "local_subnets": ["192.168.0.0/24"], "client_auth_type": "LOCAL_PASSWORD",
            "server_certificate": {"id": "{{ ccm_id }}"},
            "client_config": {"dest": "{{ scratch }}/client.ovpn"}}, register="server", diff=True, **real),
    ]


def gm_gateway(variant: str, private_key: Optional[str] = None) -> Dict[str, Any]:
    sign, key = ("renewed", "gm_renewed_key") if variant == "renewed" else ("sign", "gm_sign_key")
    return {"name": "sec-gm", "flavor": "GM", "vpc_id": "{{ vpc_id }}", "connect_subnet": "{{ vpn_subnet }}",
            "local_subnets": ["192.168.1.0/24"], "eip1": {"id": "{{ eips['eip-06'] }}"},
            "eip2": {"id": "{{ eips['eip-07'] }}"},
            "certificate": {"name": f"sec-cert-{variant}", "certificate": "{{ gm.%s }}" % sign,
                            "private_key": private_key or "{{ secrets.%s }}" % key,
                            "certificate_chain": "{{ gm.chain }}", "enc_certificate": "{{ gm.enc }}",
                            "enc_private_key": "{{ secrets.gm_enc_key }}"}}


def connection(name: str, psk: str, **changes: Any) -> Dict[str, Any]:
    args = {"name": name, "vgw_name": "sec-gw", "vgw_ip": "eip1", "cgw_name": "sec-cgw",
            "peer_subnets": ["10.40.0.0/16"], "psk": "{{ secrets.%s }}" % psk}
    args.update(changes)
    return {k: v for k, v in args.items() if v is not None}


def user(name: str, password: str, **changes: Any) -> Dict[str, Any]:
    return dict({"p2c_vgw_id": "{{ p2c.p2c_vpn_gateway.id }}", "name": name,
                 "password": "{{ secrets.%s }}" % password}, **changes)


def secret_tasks(variant: str) -> List[Dict[str, Any]]:
    """Every secret option, in a check-mode run with diff and in the run's own mode."""
    psk = "psk_new" if variant == "renewed" else "psk"
    password = "password_new" if variant == "renewed" else "password"
    first, second = ("password_list_2", "password_list_1") if variant == "renewed" else (
        "password_list_1", "password_list_2")
    users = {"p2c_vgw_id": "{{ p2c.p2c_vpn_gateway.id }}", "update_password": "always", "users": [
        {"name": "sec-list-1", "password": "{{ secrets.%s }}" % first},
        {"name": "sec-list-2", "password": "{{ secrets.%s }}" % second, "description": "listed"}]}
    tasks = []
    tasks += twice("GM gateway with its certificate keys", "vpn_gateway", gm_gateway(variant))
    tasks += twice("Connection with a PSK", "vpn_connection", connection("sec-conn", psk, update_psk="always"))
    tasks += twice("Connections with PSKs", "vpn_connection", {
        "vgw_name": "sec-gw", "cgw_name": "sec-cgw-2", "peer_subnets": ["10.41.0.0/16"], "update_psk": "always",
        "name": None, "connections": [
            {"name": "sec-pair-1", "vgw_ip": "eip1", "psk": "{{ secrets.psk_list_1 }}"},
            {"name": "sec-pair-2", "vgw_ip": "eip2", "psk": "{{ secrets.psk_list_2 }}"}]})
    tasks += twice("One user", "p2c_user", user("sec-user", password, update_password="always"))
    tasks += twice("The user changes the password with the old one", "p2c_user_password", {
        "p2c_vgw_id": "{{ p2c.p2c_vpn_gateway.id }}", "name": "sec-user", "old_password": "{{ secrets.%s }}" % password,
        "new_password": "{{ secrets.%s }}" % ("password_changed_new" if variant == "renewed" else "password_changed")})
    tasks += twice("Users", "p2c_user", users)
    tasks += twice("The peer's files", "peer_config_files", {"files": [
        {"path": "{{ scratch }}/peer/swanctl.conf", "content": 'secret = "{{ secrets.%s }}"' % psk},
        {"path": "{{ scratch }}/peer/ipsec.secrets", "content": ': PSK "{{ secrets.psk_list_1 }}"'}]})
    return tasks


# Failures of the table that run in process (run_in_process) rather than in the playbooks: one failure of each
# kind per secret class stays in the playbooks.
IN_PROCESS_FAILURES = {"PSK too simple", "PSK too short, listed", "Password too simple", "Password too simple, listed",
                       "Password the API refuses, listed", "Wrong user password", "Wrong IAM token",
                       "Wrong security token"}
# The credential forms' tasks that run in the playbooks; the others (a PSK and a password with each) run in process.
AUTH_IN_PLAYBOOKS = {"info"}


def failing_tasks() -> List[Dict[str, Any]]:
    server = "{{ p2c.p2c_vpn_gateway.id }}"
    quota = {"url": "{{ emulator_url }}/_emulator/quotas", "method": "POST", "body_format": "json",
             "status_code": [200, 204]}
    return [
        failing("PSK with a character not allowed", "vpn_connection", connection("sec-bad", "psk_bad_char")),
        failing("PSK too simple", "vpn_connection", connection("sec-bad", "psk_weak")),
        failing("PSK too short, listed", "vpn_connection", {
            "vgw_name": "sec-gw", "cgw_name": "sec-cgw", "peer_subnets": ["10.42.0.0/16"], "connections": [
                {"name": "sec-bad-1", "vgw_ip": "eip1", "psk": "{{ secrets.psk_list_bad }}"}]}),
        {"name": "No more connections", "ansible.builtin.uri": dict(quota, body={"vpn_connection": 0}),
         "check_mode": False},
        failing("PSK of a create the API refuses (quota)", "vpn_connection",
                connection("sec-refused", "psk_refused_by_api", cgw_name="sec-cgw-3", peer_subnets=["10.43.0.0/16"])),
        {"name": "Connections again", "ansible.builtin.uri": dict(quota, body={"vpn_connection": 5000}),
         "check_mode": False},
        failing("PSK to an unreachable API, retries exhausted", "vpn_connection",
                connection("sec-unreachable", "psk_unreachable", endpoint="http://127.0.0.1:9", retries=1,
                           timeout=2)),
        failing("Private key that is no key", "vpn_gateway", gm_gateway("sign", "{{ secrets.bad_private_key }}")),
        failing("Private key of another certificate (the API refuses)", "vpn_gateway",
                dict(gm_gateway("sign"), certificate=dict(gm_gateway("sign")["certificate"],
                                                          certificate="{{ gm.enc }}")), diff=True),
        failing("Password with a character not allowed", "p2c_user", user("sec-bad-1", "password_bad_char")),
        failing("Password too simple", "p2c_user", user("sec-bad-2", "password_weak")),
        failing("Password too simple, listed", "p2c_user", {"p2c_vgw_id": server, "users": [
            {"name": "sec-bad-3", "password": "{{ secrets.password_list_1 }}"},
            {"name": "sec-bad-4", "password": "{{ secrets.password_weak }}"}]}),
        failing("Password the API refuses", "p2c_user", user("sec-bad-5", "password_refused_by_api")),
        failing("Password reset the API refuses", "p2c_user", user("sec-user", "password_refused_by_api",
                                                                   update_password="always")),
        failing("Password the API refuses, listed", "p2c_user", {"p2c_vgw_id": server, "users": [
            {"name": "sec-bad-6", "password": "{{ secrets.password_list_2 }}"},
            {"name": "sec-bad-7", "password": "{{ secrets.password_refused_by_api }}"}]}),
        failing("Wrong secret key", "p2c_user", dict(user("sec-bad-8", "password_wrong_auth"),
                                                     secret_key="{{ secrets.wrong_secret_key }}")),
        failing("Wrong user password", "vpn_connection", dict(
            connection("sec-conn", "psk_new"), secret_key=None, access_key=None, project_id=None,
            user_name="emulator-user", domain_name="emulator-domain",
            user_password="{{ secrets.wrong_user_password }}")),
        failing("Wrong IAM token", "vpn_gateway", dict(
            gm_gateway("sign"), secret_key=None, access_key=None, auth_token="{{ secrets.wrong_auth_token }}")),
        failing("Wrong security token", "vpn_gateway_info", {
            "access_key": "{{ credentials.temporary_access_key }}", "secret_key": "{{ secrets.temporary_secret_key }}",
            "security_token": "{{ secrets.wrong_security_token }}"}),
    ]


AUTH_FORMS = ("IAM user password", "IAM token", "security token")


def auth_tasks() -> List[Dict[str, Any]]:
    """The other credential forms, each on modules that also send a secret of their own."""
    forms_ = {
        "IAM user password": {"secret_key": None, "access_key": None, "project_id": None,
                              "user_name": "emulator-user", "domain_name": "emulator-domain",
                              "user_password": "{{ secrets.user_password }}"},
        "IAM token": {"secret_key": None, "access_key": None, "auth_token": "{{ secrets.auth_token }}"},
        "security token": {"access_key": "{{ credentials.temporary_access_key }}",
                           "secret_key": "{{ secrets.temporary_secret_key }}",
                           "security_token": "{{ secrets.security_token }}"},
    }
    tasks = []
    for label, auth in forms_.items():
        tasks.append(task(f"{label}: connection", "vpn_connection",
                          dict(connection("sec-conn", "psk_new", update_psk="always"), **auth), diff=True))
        auth_user = user("sec-auth-user", "password_new", update_password="always")
        tasks.append(task(f"{label}: user", "p2c_user", dict(auth_user, **auth), diff=True))
        tasks.append(task(f"{label}: info", "vpn_gateway_info", dict(auth)))
    return tasks


def sweep_tasks() -> List[Dict[str, Any]]:
    """Every module once with the secret key as an option (not from the environment)."""
    scope = {"p2c_vgw_id": "{{ p2c.p2c_vpn_gateway.id }}"}
    args = {
        "access_policy": dict(scope, name="sec-absent", state="absent"),
        "access_policy_info": scope,
        "p2c_client_ca_certificate": dict(scope, name="sec-absent", state="absent"),
        "p2c_gateway": {"name": "sec-absent", "state": "absent"},
        "p2c_gateway_connection": dict(scope, client_user_name="sec-user"),
        "p2c_gateway_info": {"connections": True},
        "p2c_server": dict(scope, client_config={"dest": "{{ scratch }}/client.ovpn"}),
        "p2c_server_info": {},
        "p2c_user": dict(scope, name="sec-absent", state="absent"),
        "p2c_user_group": dict(scope, name="sec-absent", state="absent"),
        "p2c_user_group_info": dict(scope, users=True),
        "p2c_user_info": scope,
        "p2c_user_password": dict(scope, name="sec-absent", old_password="{{ secrets.password }}",
                                  new_password="{{ secrets.password_changed }}"),
        "vpn_connection": {"name": "sec-absent", "state": "absent"},
        "vpn_connection_info": {},
        "vpn_connection_monitor": {"vpn_connection_name": "sec-absent", "state": "absent"},
        "vpn_connection_monitor_info": {},
        "vpn_customer_gateway": {"name": "sec-absent", "state": "absent"},
        "vpn_customer_gateway_info": {},
        "vpn_gateway": {"name": "sec-absent", "state": "absent"},
        "vpn_gateway_info": {},
        "vpn_gateway_job": {"id": "0b9f5c4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"},
        "vpn_gateway_job_info": {},
        "vpn_gateway_upgrade": {"gateway_id": "0b9f5c4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "action": "finish"},
        "vpn_quota_info": {},
        "vpn_resource_info": {},
        "vpn_tag_info": {},
        "vpn_availability_zone_info": {},
    }
    assert sorted(args) == API_MODULES, "every module that calls the API takes the auth secrets: add the new one here"
    return [task(f"sweep {module}", module, dict(module_args, secret_key="{{ secrets.secret_key }}"),
                 ignore_errors=True, diff=True) for module, module_args in sorted(args.items())]


def in_playbooks(item: Dict[str, Any]) -> bool:
    name = item["name"]
    if name.startswith("fails: "):
        return name[len("fails: "):] not in IN_PROCESS_FAILURES
    if ": " in name and name.split(": ", 1)[0] in AUTH_FORMS:
        return name.split(": ", 1)[1] in AUTH_IN_PLAYBOOKS
    return True


def module_defaults(emulator: EmulatorProcess) -> Dict[str, Any]:
    return {"endpoint": "{{ emulator_url }}", "access_key": emulator.access_key,
            "secret_key": "{{ secrets.secret_key }}", "project_id": emulator.project_id, "region": emulator.region}


def playbook(path: Path, emulator: EmulatorProcess, variant: str) -> Path:
    tasks = setup_tasks() + secret_tasks(variant) + failing_tasks() + auth_tasks()
    tasks = [item for item in tasks if in_playbooks(item)]
    defaults = module_defaults(emulator)
    play = {"name": "Secrets", "hosts": "localhost", "gather_facts": False,
            "module_defaults": {"group/hwcloud.vpn.vpn": defaults}, "tasks": tasks}
    # Options set to None are dropped: a task without the group's credential option uses another form.
    for item in tasks:
        for key, value in item.items():
            if key.startswith("hwcloud.vpn.") and isinstance(value, dict):
                for option in [o for o, v in value.items() if v is None]:
                    value[option] = "{{ omit }}"
    path.write_text(yaml.safe_dump([play], sort_keys=False, allow_unicode=True))
    assert "Sentinel" not in path.read_text() and "PRIVATE KEY-----\n" not in path.read_text()
    return path


RUNS = [("apply", ["-vvv", "--diff"], "first"),
        ("change", ["-vvv", "--diff"], "renewed"),
        ("check", ["-vvv", "--check", "--diff"], "first")]


# The playbooks take credentials only from their options: none from the environment.
NO_CREDENTIALS_ENV = {"HUAWEICLOUD_SDK_AK": "", "HUAWEICLOUD_SDK_SK": "", "HUAWEICLOUD_SDK_PROJECT_ID": "",
                      "HW_REGION_NAME": ""}
# The xdist group keeps the tests of the runs on one worker, so that the runs are made once.
runs_group = pytest.mark.xdist_group("secrets")


@pytest.fixture(scope="module")
def runs(emulator_run: VerboseEmulator, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    scratch = tmp_path_factory.mktemp("secrets")
    credentials = temporary_credentials(emulator_run)
    secrets = dict(SECRETS, auth_token=credentials["auth_token"], security_token=credentials["security_token"],
                   temporary_secret_key=credentials["temporary_secret_key"])
    extra = {"emulator_url": emulator_run.url, "secrets": secrets, "gm": GM, "scratch": str(scratch),
             "credentials": {"temporary_access_key": credentials["temporary_access_key"]}}
    done: Dict[str, Any] = {}
    for label, args, variant in RUNS:
        path = playbook(scratch / f"secrets-{label}.yml", emulator_run, variant)
        done[label] = run_playbook(path, extra_vars=extra, env=NO_CREDENTIALS_ENV, args=args)
    done["secrets"] = secrets
    done["extra"] = extra
    return done


def render(value: Any, context: Dict[str, Any]) -> Any:
    """The task's options as Ansible templates them (the secrets and ids of the playbooks' variables)."""
    if isinstance(value, dict):
        return {key: render(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [render(item, context) for item in value]
    if isinstance(value, str) and "{{" in value:
        return NativeEnvironment().from_string(value).render(context)
    return value


@pytest.fixture(scope="module")
def in_process(runs: Dict[str, Any], emulator_run: VerboseEmulator) -> Dict[str, Dict[str, ModuleRun]]:
    """The tables that are not in the playbooks, run in process against the emulator after them (it holds the
    playbooks' gateways, server and users): every module with the secret key as an option, the other failures, and
    each credential form with a PSK and a password; each in the modes the playbooks run (check mode with diff,
    and applied with diff). {mode: {task name: its run}}."""
    apply = runs["apply"]
    context = dict(runs["extra"], p2c=apply.result("Setup P2C gateway"), vpc_id=apply.result("Name them")[
        "ansible_facts"]["vpc_id"], vpn_subnet=apply.result("Name them")["ansible_facts"]["vpn_subnet"],
        eips=apply.result("Name them")["ansible_facts"]["eips"])
    defaults = module_defaults(emulator_run)
    tables = {"check": sweep_tasks() + failing_tasks() + auth_tasks(),
              "apply": sweep_tasks() + failing_tasks() + auth_tasks()}
    done: Dict[str, Dict[str, ModuleRun]] = {}
    with environment(NO_CREDENTIALS_ENV):
        for mode, tasks in tables.items():
            done[mode] = {}
            for item in tasks:
                if in_playbooks(item) and not item["name"].startswith("sweep "):
                    continue
                (key, args), = [(k, v) for k, v in item.items() if k.startswith("hwcloud.vpn.")]
                options = {k: v for k, v in render(dict(defaults, **args), context).items() if v is not None}
                done[mode][item["name"]] = run_module(key[len("hwcloud.vpn."):], options, check_mode=mode == "check",
                                                      diff=True)
    return done


@runs_group
@pytest.mark.parametrize("label", [run[0] for run in RUNS])
def test_no_secret_in_output_or_results(runs: Dict[str, Any], label: str) -> None:
    run = runs[label]
    assert run.returncode == 0, run.output[-5000:]
    found = leaks(run.output, runs["secrets"])
    assert not found, f"in the output of the {label} run: {found}"
    for entry in run.results:
        found = leaks(json.dumps(entry["result"]) + json.dumps(entry["result"], ensure_ascii=False),
                      runs["secrets"])
        assert not found, f"in the result of {entry['task']!r} ({label} run): {found}"


@runs_group
@pytest.mark.parametrize("mode", ["check", "apply"])
def test_no_secret_in_the_results_of_the_tables_run_in_process(in_process: Dict[str, Dict[str, ModuleRun]],
                                                               runs: Dict[str, Any], mode: str) -> None:
    for name, run in in_process[mode].items():
        text = run.output + json.dumps(run.result) + json.dumps(run.result, ensure_ascii=False)
        found = leaks(text, runs["secrets"])
        assert not found, f"in the result of {name!r} ({mode}, in process): {found}"


@runs_group
def test_no_secret_in_the_emulator_log(runs: Dict[str, Any], in_process: Dict[str, Dict[str, ModuleRun]],
                                       emulator_run: VerboseEmulator) -> None:
    """After the playbooks and the tables run in process."""
    assert in_process["apply"]
    log = "".join(emulator_run.lines)
    assert "POST /v5/" in log  # it logs requests: the scan reads something
    found = leaks(log, runs["secrets"])
    assert not found, found


@runs_group
def test_the_runs_did_what_the_scan_needs(runs: Dict[str, Any], in_process: Dict[str, Dict[str, ModuleRun]]) -> None:
    """The scan means something only if the secret tasks ran and the failing ones failed for their reasons."""
    apply, change, check = runs["apply"], runs["change"], runs["check"]
    for name in ("GM gateway with its certificate keys", "Connection with a PSK", "Connections with PSKs",
                 "One user", "Users"):
        assert apply.status(name) == "ok" and apply.result(name)["changed"], (name, apply.result(name))
        assert apply.result(name + " (check)")["changed"], name
        assert change.status(name) == "ok" and change.result(name)["changed"], (name, change.result(name))
        assert "diff" in change.result(name + " (check)"), name
        assert check.status(name) == "ok", name
    assert "sec-user" in change.result("One user")["passwords_updated"]
    assert change.result("Users")["passwords_updated"] == ["sec-list-1", "sec-list-2"]
    assert in_process["apply"]["sweep p2c_server"].result["client_config"]["dest"].endswith("client.ovpn")
    assert sorted(name for name in in_process["apply"] if name.startswith("sweep ")) == [
        f"sweep {module}" for module in API_MODULES]
    # Each failure and each credential form runs once per mode, in a playbook or in process.
    statuses = {label: {r["task"]: r["status"] for r in run.results} for label, run in
                (("apply", apply), ("change", change), ("check", check))}
    for mode, runs_in_process in in_process.items():
        statuses["in process, " + mode] = {name: "failed" if run.failed else "ok"
                                           for name, run in runs_in_process.items()}
    for label, status in statuses.items():
        in_check_mode = label in ("check", "in process, check")
        playbook_run = not label.startswith("in process")
        failures = {name: value for name, value in status.items() if name.startswith("fails: ")}
        assert sorted(failures) == sorted(t["name"] for t in failing_tasks() if t["name"].startswith("fails: ")
                                          and in_playbooks(t) == playbook_run), label
        # In check mode nothing is written, so what only the API refuses cannot fail there.
        unexpected = [(name, value) for name, value in failures.items() if value != "failed" and not (
            in_check_mode and "API refuses" in name)]
        assert not unexpected, (label, unexpected)
        for form in AUTH_FORMS:
            for what in ("connection", "user", "info"):
                if (what in AUTH_IN_PLAYBOOKS) == playbook_run:
                    assert status.get(f"{form}: {what}") == "ok", (label, form, what)
    messages = {r["task"][7:]: r["result"].get("msg", "") for r in apply.results if r["task"].startswith("fails: ")}
    messages.update({name[7:]: run.msg for name, run in in_process["apply"].items() if name.startswith("fails: ")})
    expected = {
        "PSK with a character not allowed": "psk:",
        "PSK too simple": "psk:",
        "PSK too short, listed": "psk",
        "PSK of a create the API refuses (quota)": "VPN.",
        "PSK to an unreachable API, retries exhausted": "no answer",
        "Private key that is no key": "certificate.private_key",
        "Private key of another certificate (the API refuses)": "HTTP 400",
        "Password with a character not allowed": "password:",
        "Password too simple": "password:",
        "Password too simple, listed": "users[1].password",
        "Password the API refuses": "sec-bad-5: The password is weak",
        "Password reset the API refuses": "VPN.13",
        "Password the API refuses, listed": "sec-bad-7",
        "Wrong secret key": "HTTP 401",
        "Wrong user password": "401",
        "Wrong IAM token": "401",
        "Wrong security token": "401",
    }
    wrong = {name: messages.get(name) for name, part in expected.items() if part not in messages.get(name, "")}
    assert not wrong, wrong
