"""The suite's ansible-playbook runs keep their files under the HOME they are given, so that `make test` with an
empty HOME writes nothing into the real home directory.

Ansible expands its default remote_tmp (~/.ansible/tmp) through the password database, not HOME: a module run
would put its AnsiballZ file under the real home unless the environment names the directory
(support.playbook.ansible_env sets ANSIBLE_REMOTE_TMP under the run's HOME)."""

from __future__ import annotations

from pathlib import Path

from support.playbook import run_playbook
from support.timing import ping_playbook


def test_module_files_stay_under_the_runs_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    playbook = tmp_path / "ping.yml"
    playbook.write_text(ping_playbook(1))
    # Kept files show where the module ran from; they are under tmp_path, which pytest removes.
    run = run_playbook(playbook, env={"HOME": str(home), "ANSIBLE_KEEP_REMOTE_FILES": "1"})
    assert run.returncode == 0, run.output[-3000:]
    kept = list((home / ".ansible" / "tmp").glob("ansible-tmp-*/AnsiballZ_ping.py"))
    assert len(kept) == 1, sorted(str(path) for path in home.rglob("*"))
