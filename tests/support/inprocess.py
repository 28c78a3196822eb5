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
from typing import Any, Dict, Iterator, Optional

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
    with environment(env or {}), patch_module_args(params), contextlib.redirect_stdout(stdout), \
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
