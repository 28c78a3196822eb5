"""peer_config_files, run in this process (support.inprocess) on files under tmp_path: what it writes, with which
modes, what check mode and diff report, and that the content (which holds keys) is never shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Dict, List

from support.inprocess import ModuleRun, run_module

KEY = "Psk-Sentinel-PeerFile-7Hq"  # what the content holds; no result may show it


def run(files: List[Dict[str, Any]], **options: Any) -> ModuleRun:
    mode = {key: options.pop(key) for key in ("check_mode", "diff") if key in options}
    done = run_module("peer_config_files", dict(options, files=files), **mode)
    assert KEY not in done.output, done.output
    return done


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def config(text: str = "one") -> str:
    return f'secret = "{KEY}" # {text}\n'


def test_writes_private_files_in_private_directories_then_nothing_changes(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    lyon, paris = tmp_path / "sites" / "lyon" / "swanctl.conf", tmp_path / "sites" / "paris" / "swanctl.conf"
    files = [{"path": str(lyon), "content": config("lyon")}, {"path": str(paris), "content": config("paris")}]
    done = run(files)
    assert not done.failed and done.result["changed"] is True, done.result
    assert done.result["files"] == [{"path": str(lyon), "state": "present", "changed": True, "created": True},
                                    {"path": str(paris), "state": "present", "changed": True, "created": True}]
    assert lyon.read_text() == config("lyon") and paris.read_text() == config("paris")
    assert [mode_of(p) for p in (lyon, paris, lyon.parent, paris.parent, tmp_path / "sites")] == [0o600] * 2 + [0o700] * 3
    assert mode_of(tmp_path) == 0o755, "an existing directory above keeps its mode"
    assert sorted(os.listdir(lyon.parent)) == ["swanctl.conf"], "no temporary file is left"
    again = run(files, check_mode=True, diff=True)
    assert again.result["changed"] is False and "diff" not in again.result, again.result
    assert run(files).result["changed"] is False


def test_check_mode_and_diff_report_a_change_without_its_content(tmp_path: Path) -> None:
    path = tmp_path / "site" / "swanctl.conf"
    run([{"path": str(path), "content": config()}])
    checked = run([{"path": str(path), "content": config("two")}], check_mode=True, diff=True)
    assert checked.result["changed"] is True and checked.result["files"][0]["created"] is False
    assert path.read_text() == config(), "check mode wrote the file"
    [file_diff] = checked.result["diff"]
    assert file_diff["before_header"] == file_diff["after_header"] == str(path)
    assert file_diff["before"].startswith("current: %d bytes" % len(config()))
    assert file_diff["after"].startswith("new: %d bytes" % len(config("two")))
    assert "content not shown" in file_diff["after"]
    done = run([{"path": str(path), "content": config("two")}], diff=True)
    assert done.result["changed"] is True and path.read_text() == config("two")


def test_modes_are_put_right_even_when_the_content_is_the_same(tmp_path: Path) -> None:
    path = tmp_path / "site" / "swanctl.conf"
    files = [{"path": str(path), "content": config()}]
    run(files)
    path.chmod(0o644)
    path.parent.chmod(0o755)
    done = run(files)
    assert done.result["changed"] is True and (mode_of(path), mode_of(path.parent)) == (0o600, 0o700)
    other = run(files, mode="0640", directory_mode="0750")
    assert other.result["changed"] is True and (mode_of(path), mode_of(path.parent)) == (0o640, 0o750)


def test_absent_removes_the_file_and_keeps_its_directory(tmp_path: Path) -> None:
    kept, gone = tmp_path / "a" / "swanctl.conf", tmp_path / "b" / "swanctl.conf"
    run([{"path": str(kept), "content": config()}, {"path": str(gone), "content": config()}])
    done = run([{"path": str(kept), "content": config()}, {"path": str(gone), "state": "absent"},
                {"path": str(tmp_path / "never" / "swanctl.conf"), "state": "absent"}], diff=True)
    assert [f["changed"] for f in done.result["files"]] == [False, True, False], done.result
    assert kept.exists() and not gone.exists() and gone.parent.is_dir()
    assert done.result["diff"][0]["after"] == "" and done.result["diff"][0]["before"].startswith("current: ")


def test_a_file_in_the_way_fails_before_any_file_is_written(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("a file where the site's directory goes")
    first, path = tmp_path / "first" / "swanctl.conf", tmp_path / "site" / "swanctl.conf"
    done = run([{"path": str(first), "content": config()}, {"path": str(path), "content": config()}])
    assert done.failed and "files[1].path" in done.msg and str(path) in done.msg, done.result
    assert not first.exists()


def test_bad_input_fails_before_any_file_is_written(tmp_path: Path) -> None:
    first = tmp_path / "first" / "swanctl.conf"
    cases = [
        ([{"path": str(first), "content": config()}, {"path": str(tmp_path / "x"), "state": "present"}],
         {}, "files[1].content"),
        ([{"path": str(first), "content": config()}, {"path": str(first), "content": config("two")}],
         {}, "files[1].path"),
        ([{"path": str(first), "content": config()}, {"path": str(tmp_path), "content": config()}],
         {}, "files[1].path"),
        ([{"path": str(first), "content": config()}], {"mode": "u=rw"}, "mode"),
        ([{"path": str(first), "content": config()}], {"directory_mode": "077777"}, "directory_mode"),
    ]
    for files, options, option in cases:
        done = run(files, **options)
        assert done.failed and option in done.msg, (option, done.result)
        assert not first.exists() and not first.parent.exists(), option
