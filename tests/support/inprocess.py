"""A module's main() run in this process, as Ansible would run it on localhost: the task's options in, the JSON
result out (what exit_json or fail_json printed, after AnsibleModule removed the no_log values). It saves the
start-up of an ansible-playbook per case, so that tables of cases cost milliseconds each. Only the public
interface is used: the module's main(), its options and its result."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ansible.module_utils import _internal as ansible_internal
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args

from .paths import collections_path

PACKAGE = "ansible_collections.hwcloud.vpn.plugins.modules"


@dataclass
class ModuleRun:
    exit_code: int
    result: Dict[str, Any]
    output: str  # everything the module printed (stdout and stderr), as the controller would receive it

    @property
    def failed(self) -> bool:
        return self.exit_code != 0 or bool(self.result.get("failed"))

    @property
    def msg(self) -> str:
        return str(self.result.get("msg", ""))


@contextlib.contextmanager
def environment(values: Dict[str, str]) -> Iterator[None]:
    """os.environ with these variables set (an empty value unsets one), restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value:
                os.environ[name] = value
            else:
                os.environ.pop(name, None)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def as_module_process() -> Iterator[None]:
    """Once a test of the same process has imported Ansible's controller code (the docs tests do), module_utils
    believe they run in the controller and print warnings instead of returning them: not so in a module process."""
    was = ansible_internal.is_controller
    ansible_internal.is_controller = False
    try:
        yield
    finally:
        ansible_internal.is_controller = was


def run_module(module: str, args: Dict[str, Any], env: Optional[Dict[str, str]] = None, check_mode: bool = False,
               diff: bool = False) -> ModuleRun:
    """hwcloud.vpn.<module> with these options (and the environment the task would have); check mode and diff
    as the task keywords check_mode and diff set them."""
    if str(collections_path()) not in sys.path:
        sys.path.insert(0, str(collections_path()))
    code = importlib.import_module(f"{PACKAGE}.{module}")
    params = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    # Warnings and deprecations are collected in process-wide lists that a real module process starts empty.
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
    stdout, stderr = io.StringIO(), io.StringIO()
    exit_code = 0
    with environment(env or {}), patch_module_args(params), as_module_process(), contextlib.redirect_stdout(stdout), \
            contextlib.redirect_stderr(stderr):
        try:
            code.main()
        except SystemExit as exited:
            exit_code = exited.code if isinstance(exited.code, int) else 1
    printed = stdout.getvalue()
    lines = [line for line in printed.splitlines() if line.startswith("{")]
    if not lines:
        raise AssertionError(f"{module} printed no result (exit code {exit_code}):\n{printed}{stderr.getvalue()}")
    return ModuleRun(exit_code, json.loads(lines[-1]), printed + stderr.getvalue())


def run_on(emulator: Any, module: str, args: Dict[str, Any], **mode: bool) -> ModuleRun:
    """run_module against an emulator (its address and credentials in the environment)."""
    return run_module(module, args, env=emulator.env(), **mode)


def made(emulator: Any, module: str, args: Dict[str, Any], key: str) -> str:
    """The id of what the module made (or found); the test fails when the module did."""
    done = run_on(emulator, module, args)
    assert not done.failed, (module, done.result)
    return str(done.result[key]["id"])


def refused(emulator: Any, module: str, args: Dict[str, Any], reads_allowed: bool = False, **mode: bool) -> ModuleRun:
    """run_on for input the module must refuse: it fails, and sends nothing to the emulator (or, with reads_allowed,
    nothing that writes: what the module can only judge once it has read what exists). The run is returned for
    the caller's assertions on its message."""
    emulator.clear_requests()
    run = run_on(emulator, module, args, **mode)
    sent = emulator.requests()
    assert run.failed, f"{module} did not fail: {run.result}"
    if reads_allowed:
        writes = [(r["method"], r["path"]) for r in sent if r["write"]]
        assert not writes, f"{module} wrote: {writes} ({run.msg})"
    else:
        assert not sent, f"{module} sent: {[(r['method'], r['path']) for r in sent]} ({run.msg})"
    return run


def p2c_setup(emulator: Any, name: str, client_auth_type: str = "LOCAL_PASSWORD",
              client_ca_certificates: Optional[List[Dict[str, Any]]] = None) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """A P2C gateway with a VPN server, as the playbooks' common/p2c_setup.yml makes it: the gateway's and the
    server's API views. Each call needs a gateway name of its own (a name finds the gateway made before)."""
    fixtures = emulator.fixtures()
    vpc = next(v for v in fixtures["vpcs"] if v["name"] == "vpc-demo")
    subnet = next(s for s in vpc["subnets"] if s["name"] == "subnet-demo-p2c")
    certificate = next(c for c in fixtures["certificates"] if c["status"] == "ISSUED")
    gateway = run_on(emulator, "p2c_gateway", {"name": name, "vpc_id": vpc["id"], "connect_subnet": subnet["id"],
                                               "eip": {"type": "5_bgp", "bandwidth_size": 10}})
    assert not gateway.failed, gateway.result
    server_args = {"p2c_vgw_id": gateway.result["p2c_vpn_gateway"]["id"], "client_cidr": "172.16.0.0/24",
                   "local_subnets": ["192.168.0.0/24", "192.168.1.0/24"], "client_auth_type": client_auth_type,
                   "server_certificate": {"id": certificate["id"]}}
    if client_ca_certificates is not None:
        server_args["client_ca_certificates"] = client_ca_certificates
    server = run_on(emulator, "p2c_server", server_args)
    assert not server.failed, server.result
    return gateway.result["p2c_vpn_gateway"], server.result["vpn_server"]
