"""The collection as AWX / automation controller runs it: job templates run by ansible-runner, with the
credentials of the custom credential type (extensions/awx/credential_type.yml) injected as AWX injects them,
against the emulator. Each job must converge (a second run changes nothing) and no secret may appear in what
the runner records: events, stdout, artifacts.

The demo's job templates run against an emulator that misbehaves as production APIs do (the fault suite's
fault-rate-0.2 scenario: 5xx, VPN.0030 and dropped connections): they must converge all the same, and no retry
may leave a duplicate. This is also the fault suite's run of the role playbooks (playbooks/s2c_vpn.yml and
p2c_vpn.yml); its summary goes to tests/output/faults/awx-demo-fault-rate-0.2.json.

Those jobs are also the secrets suite's runs of the role playbooks: at verbosity 3 (-vvv) with "Show changes"
(--diff), with distinctive pre-shared keys and passwords as extra vars, neither the runner's records nor the
emulator's request log may hold them in any simple encoding (support.leaks), while the swanctl.conf files the role
writes do hold the keys."""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import ansible_runner
import pytest
import requests
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec
from support.emulator import EmulatorProcess
from support.faults import SCENARIOS, found, summarize, write
from support.leaks import leaks
from support.paths import REPO, collections_path
from support.playbook import remote_tmp

CREDENTIAL_TYPE_FILE = REPO / "extensions" / "awx" / "credential_type.yml"
DEMO_PLAYBOOKS = sorted((REPO / "playbooks").glob("*.yml"))
DEMO_VARS = REPO / "playbooks" / "vars" / "emulator.yml"
REPORT_PROJECT = Path(__file__).parent / "project"
SECRET_FIELDS = {"secret_key", "security_token", "auth_token", "user_password"}
pytestmark = pytest.mark.slow


def credential_type() -> Dict[str, Any]:
    types = yaml.safe_load(CREDENTIAL_TYPE_FILE.read_text())["credential_types"]
    assert len(types) == 1
    return types[0]


def awx_inject(ctype: Dict[str, Any], inputs: Dict[str, Any]) -> Tuple[Dict[str, str], Dict[str, Any]]:
    """(environment, extra vars) as AWX's CredentialType.inject_credential builds them: a namespace of the inputs
    that are set (non-empty), booleans defaulting to false, and each injector template rendered in a sandboxed
    Jinja environment where a missing input renders as an empty string."""
    namespace: Dict[str, Any] = {}
    for field in ctype["inputs"]["fields"]:
        value = inputs.get(field["id"])
        if field.get("type") == "boolean":
            namespace[field["id"]] = bool(value)
        elif value:
            namespace[field["id"]] = value
    sandbox = ImmutableSandboxedEnvironment()
    env = {name: sandbox.from_string(template).render(**namespace)
           for name, template in ctype["injectors"].get("env", {}).items()}
    extra_vars = {name: sandbox.from_string(template).render(**namespace)
                  for name, template in ctype["injectors"].get("extra_vars", {}).items()}
    return env, extra_vars


# -- the credential type itself ------------------------------------------------------------------------------

def test_credential_type_is_valid_for_awx():
    ctype = credential_type()
    assert ctype["kind"] == "cloud"  # custom credential types may be cloud or net
    assert ctype["natural_key"] == {"name": ctype["name"], "kind": "cloud", "type": "credential_type"}
    fields = {f["id"]: f for f in ctype["inputs"]["fields"]}
    assert all({"id", "label", "type"} <= set(f) and f["type"] == "string" for f in fields.values())
    assert {name for name, f in fields.items() if f.get("secret")} == SECRET_FIELDS
    assert set(ctype["inputs"].get("required", [])) <= set(fields)
    used = set()
    for name, template in ctype["injectors"]["env"].items():
        # AWX refuses to inject ANSIBLE_* and a few process variables.
        assert re.match(r"^[A-Z][A-Z0-9_]*$", name) and not name.startswith(("ANSIBLE_", "AWX_"))
        used |= set(re.findall(r"{{\s*(\w+)\s*}}", template))
    assert used == set(fields), "every input is injected, and only inputs are"


def test_credential_type_injects_every_variable_the_modules_read():
    """The injected variables are the first environment fallback of each auth option, and each option is covered."""
    injected = set(credential_type()["injectors"]["env"])
    for option, spec in auth_spec().items():
        fallback = spec.get("fallback")
        if fallback is None:
            continue
        names = fallback[1]
        assert names[0] in injected, f"{option}: {names[0]} is not injected"
        injected -= set(names)
    assert not injected, f"injected but read by no module option: {sorted(injected)}"


# -- jobs --------------------------------------------------------------------------------------------------------

def run_job(tmp_path: Path, name: str, project: Path, playbook: str, env: Dict[str, str],
            extra_vars: Dict[str, Any], **template: Any) -> ansible_runner.Runner:
    """One job as AWX runs it: the project copied into a private data directory, env from the credential, the
    job template's extra vars in env/extravars (AWX writes that file; the runner passes it as -e @file), no other
    environment file written (AWX's suppress_env_files). `template`: the job template's other settings, as AWX
    passes them to the runner (verbosity, cmdline)."""
    private = tmp_path / name
    if not private.exists():
        shutil.copytree(project, private / "project")
        (private / "inventory").mkdir()
        (private / "inventory" / "hosts").write_text(
            f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
        (private / "env").mkdir()
    (private / "env" / "extravars").write_text(json.dumps(extra_vars))
    job_env = dict(env, ANSIBLE_COLLECTIONS_PATH=str(collections_path()), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_REMOTE_TMP=remote_tmp(dict(os.environ)),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return ansible_runner.run(private_data_dir=str(private), playbook=playbook, envvars=job_env,
                              suppress_env_files=True, quiet=True, json_mode=False, **template)


def changed_count(runner: ansible_runner.Runner) -> int:
    return sum((runner.stats or {}).get("changed", {}).values())


def assert_no_secret(runners: List[ansible_runner.Runner], private: Path, secrets: Dict[str, str]) -> None:
    """No secret, in any simple encoding, in the events of the jobs, nor in any file the runner wrote
    (artifacts, stdout, fact cache): the job's inputs (project/, and env/ where the extra vars are) are not the
    runner's records. The runner's `command` artifact records the launch environment by design (the credential's
    variables are there, as in AWX's job environment on the execution node); the command line itself must not hold
    a secret."""
    secrets = {label: value for label, value in secrets.items() if value}
    assert secrets
    for runner in runners:
        events = json.dumps(list(runner.events))
        assert not leaks(events, secrets), leaks(events, secrets)
    checked = 0
    for path in private.rglob("*"):
        if not path.is_file() or path.relative_to(private).parts[0] in ("project", "env"):
            continue
        text = path.read_text(errors="replace")
        if path.name == "command" and path.parent.parent.name == "artifacts":
            text = json.dumps(json.loads(text)["command"])
        assert not leaks(text, secrets), f"{leaks(text, secrets)} in {path.relative_to(private)}"
        checked += 1
    assert checked >= 5, "the runner wrote its artifacts"


def emulator_inputs(emulator) -> Dict[str, str]:
    return {"access_key": emulator.access_key, "secret_key": emulator.secret_key, "region": emulator.region,
            "project_id": emulator.project_id, "endpoint": emulator.url}


FAULTS = "fault-rate-0.2"
# Extra vars of the demo's job templates with distinctive secrets: the keys of playbooks/s2c_vpn.yml's sites, the
# dry run's key, and the users' password of p2c_vpn.yml and of the dry run (quote and backslash included).
DEMO_SECRETS = {"example_psks": {"munich": "Psk-Role-Sentinel-M1", "madrid": "Psk-Role-Sentinel-M2",
                                 "oslo": "Psk-Role-Sentinel-O3"},
                "example_psk": "Psk-DryRun-Sentinel-D4",
                "example_password": "Pw-Role\"Sentinel\\5z"}
# AWX's job template settings: verbosity 3 (Debug) is -vvv, "Show changes" is --diff.
DEMO_TEMPLATE = {"verbosity": 3, "cmdline": "--diff"}


@pytest.mark.skipif(not DEMO_PLAYBOOKS, reason="no demo playbooks yet")
def test_demo_playbooks_as_job_templates_under_faults(tmp_path):
    """The demo's playbooks as job templates (project = the repository's playbooks/, extra vars = the emulator's
    vars file and distinctive secrets, -vvv, --diff), with an AK/SK credential, against an API that fails one
    request in five: each converges, the second run writes nothing, no resource is duplicated, and no secret (the
    secret key, the pre-shared keys, the users' password) is in the jobs' records nor in the emulator's log."""
    configs = tmp_path / "configs"
    with EmulatorProcess(*SCENARIOS[FAULTS], "--verbose", keep_output=True) as emulator:
        env, credential_vars = awx_inject(credential_type(), emulator_inputs(emulator))
        assert env["HUAWEICLOUD_SDK_SECURITY_TOKEN"] == "" and env["HW_AUTH_TOKEN"] == ""  # unset inputs, as in AWX
        extra_vars = dict(yaml.safe_load(DEMO_VARS.read_text()), **credential_vars, **DEMO_SECRETS,
                          s2c_vpn_config_dir=str(configs / "s2c"), client_config_path=str(configs / "client.ovpn"))
        log: List[Dict[str, Any]] = []
        jobs: List[ansible_runner.Runner] = []
        changed_on_second_pass = writes_on_second_pass = 0
        for playbook in DEMO_PLAYBOOKS:
            first = run_job(tmp_path, "demo", REPO / "playbooks", playbook.name, env, extra_vars, **DEMO_TEMPLATE)
            assert first.status == "successful" and first.rc == 0, first.stdout.read()
            assert changed_count(first) > 0
            emulator.wait_until_idle()
            log += emulator.requests()
            emulator.clear_requests()
            second = run_job(tmp_path, "demo", REPO / "playbooks", playbook.name, env, extra_vars, **DEMO_TEMPLATE)
            changed_on_second_pass += changed_count(second)
            assert second.status == "successful" and changed_count(second) == 0, (playbook.name,
                                                                                  second.stdout.read())
            writes = emulator.writes()
            writes_on_second_pass += len(writes)
            assert writes == [], playbook.name
            log += emulator.requests()
            emulator.clear_requests()
            jobs += [first, second]
        emulator.wait_until_idle()
        state = emulator.state()
        secrets = dict(demo_secrets(), secret_key=emulator.secret_key)
        assert_no_secret(jobs, tmp_path / "demo", secrets)
        assert len(emulator.lines) >= len(log), "the emulator logged every request"
        assert not leaks("".join(emulator.lines), secrets), leaks("".join(emulator.lines), secrets)
    # The scan's premise: the jobs ran at -vvv and used the secrets (the swanctl.conf files hold the keys).
    assert all("ESTABLISH LOCAL CONNECTION" in job.stdout.read() for job in jobs)
    written = "".join(path.read_text() for path in configs.rglob("swanctl.conf"))
    assert all(psk in written for psk in DEMO_SECRETS["example_psks"].values()), sorted(configs.rglob("*"))
    assert (configs / "client.ovpn").is_file()
    summary = summarize(f"awx-demo-{FAULTS}", SCENARIOS[FAULTS], log)
    summary.playbook_runs = 2 * len(DEMO_PLAYBOOKS)
    summary.changed_on_second_pass, summary.writes_on_second_pass = changed_on_second_pass, writes_on_second_pass
    summary.duplicates = [f"{kind}: {name}" for kind, names in found(state).items()
                          for name, count in collections.Counter(names).items() if count > 1]
    write(summary)
    report = summary.line()
    assert summary.faults_injected > 0, f"the emulator injected no fault: {report}"
    assert summary.duplicates == [], report
    print(report)


def demo_secrets() -> Dict[str, str]:
    """DEMO_SECRETS by label."""
    secrets = {f"psk {site}": psk for site, psk in DEMO_SECRETS["example_psks"].items()}
    return dict(secrets, dry_run_psk=DEMO_SECRETS["example_psk"], user_password=DEMO_SECRETS["example_password"])


def iam_token(emulator) -> str:
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "emulator-user", "password": "Emulator-Passw0rd!", "domain": {"name": "emulator-domain"}}}},
        "scope": {"project": {"name": emulator.region}}}}
    answer = requests.post(emulator.url + "/v3/auth/tokens", json=body, timeout=30)
    assert answer.status_code == 201, answer.text
    return answer.headers["X-Subject-Token"]


def temporary_credentials(emulator) -> Dict[str, str]:
    body = {"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 900}}}}
    answer = requests.post(emulator.url + "/v3.0/OS-CREDENTIAL/securitytokens", json=body,
                           headers={"X-Auth-Token": iam_token(emulator)}, timeout=30)
    assert answer.status_code == 201, answer.text
    credential = answer.json()["credential"]
    return {"access_key": credential["access"], "secret_key": credential["secret"],
            "security_token": credential["securitytoken"]}


CREDENTIALS = {
    # name: inputs of the credential, from the emulator
    "permanent AK/SK": emulator_inputs,
    "temporary AK/SK, project from the region": lambda e: dict(
        temporary_credentials(e), region=e.region, endpoint=e.url),
    "IAM user and password": lambda e: {"user_name": "emulator-user", "user_password": "Emulator-Passw0rd!",
                                        "domain_name": "emulator-domain", "region": e.region, "endpoint": e.url},
    "IAM token": lambda e: {"auth_token": iam_token(e), "project_id": e.project_id, "region": e.region,
                            "endpoint": e.url},
}


@pytest.mark.parametrize("kind", list(CREDENTIALS))
def test_credential_forms(fresh_emulator, tmp_path, kind):
    """Every way to authenticate works through the credential type, with the other inputs left empty (injected as
    empty variables); the job creates what it must and shows no secret."""
    inputs = CREDENTIALS[kind](fresh_emulator)
    env, extra_vars = awx_inject(credential_type(), inputs)
    assert sum(1 for value in env.values() if value == "") >= 4
    job = run_job(tmp_path, "report", REPORT_PROJECT, "vpn_report.yml", env, extra_vars)
    assert job.status == "successful", job.stdout.read()
    assert changed_count(job) == 1
    assert_no_secret([job], tmp_path / "report", {name: inputs.get(name) for name in SECRET_FIELDS})


def test_wrong_secret_fails_without_showing_it(fresh_emulator, tmp_path):
    inputs = dict(emulator_inputs(fresh_emulator), secret_key="Wr0ng-Secret-Key-For-The-Test")
    env, extra_vars = awx_inject(credential_type(), inputs)
    job = run_job(tmp_path, "wrong", REPORT_PROJECT, "vpn_report.yml", env, extra_vars)
    assert job.status == "failed"
    failures = [e for e in job.events if e.get("event") == "runner_on_failed"]
    assert failures and "HTTP 401" in failures[0]["event_data"]["res"]["msg"]
    assert_no_secret([job], tmp_path / "wrong", {"secret_key": inputs["secret_key"]})
