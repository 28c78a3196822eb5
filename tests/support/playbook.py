"""Running real ansible-playbook against the emulator and reading every task result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from .paths import REPO, collections_path

BIN = Path(sys.executable).parent
CALLBACKS = Path(__file__).resolve().parent / "callback_plugins"
# The test playbooks' reader of the emulator's control paths (request log, fixtures, state).
LOOKUPS = Path(__file__).resolve().parent / "lookup_plugins"


@dataclass
class PlaybookRun:
    returncode: int
    output: str
    results: List[Dict[str, Any]] = field(default_factory=list)

    def _entry(self, name: str) -> Dict[str, Any]:
        matches = [r for r in self.results if r["task"] == name]
        if not matches:
            raise KeyError(f"no task named {name!r}; tasks: {[r['task'] for r in self.results]}")
        return matches[-1]

    def result(self, name: str) -> Dict[str, Any]:
        """The result of the (last) task with this name."""
        return self._entry(name)["result"]

    def status(self, name: str) -> str:
        """How the (last) task with this name ended: ok, failed (ignored errors included) or skipped."""
        return self._entry(name)["status"]

    @property
    def recap(self) -> str:
        lines = self.output.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("PLAY RECAP"):
                return "\n".join(lines[index + 1:index + 3])
        return ""


def ansible_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path()),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS),
        "ANSIBLE_CALLBACKS_ENABLED": "hwcloud_results",
        "ANSIBLE_LOOKUP_PLUGINS": str(LOOKUPS),
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    })
    env.update(extra or {})
    # Ansible expands its default remote_tmp (~/.ansible/tmp) from the user's entry in the password database, not
    # from HOME: without this, every module run would write its AnsiballZ file under the real home directory.
    env["ANSIBLE_REMOTE_TMP"] = remote_tmp(env)
    return env


def remote_tmp(env: Dict[str, str]) -> str:
    """Where the modules of a run with this environment put their files: under its HOME, as its local files."""
    return str(Path(env.get("HOME") or tempfile.gettempdir()) / ".ansible" / "tmp")


def run_playbook(playbook: Path, extra_vars: Optional[Dict[str, Any]] = None, env: Optional[Dict[str, str]] = None,
                 args: Sequence[str] = (), timeout: float = 600) -> PlaybookRun:
    """ansible-playbook on localhost; returns the exit code, the output and every task result in order."""
    with tempfile.TemporaryDirectory() as scratch:
        results_file = Path(scratch) / "results.jsonl"
        command = [str(BIN / "ansible-playbook"), str(playbook), *args]
        if extra_vars:
            vars_file = Path(scratch) / "vars.json"
            vars_file.write_text(json.dumps(extra_vars))
            command += ["-e", f"@{vars_file}"]
        run_env = ansible_env(dict(env or {}, HWCLOUD_TEST_RESULTS=str(results_file)))
        completed = subprocess.run(command, cwd=REPO, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, timeout=timeout, check=False)
        results = [json.loads(line) for line in results_file.read_text().splitlines()] if results_file.exists() else []
    return PlaybookRun(completed.returncode, completed.stdout, results)
