"""Test session setup: the collection and the emulator importable, shared fixtures."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Iterator, List

import pytest
from _pytest.nodeid import NodeId

from support.paths import REPO, collections_path

sys.path.insert(0, str(collections_path()))
sys.path.insert(0, str(REPO))

from support.emulator import EmulatorProcess  # noqa: E402  (needs the paths above)

# The suite's time in floors and its slowest tests, at the end of every run.
pytest_plugins = ["support.timing"]


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    """One emulator process per test worker; tests that need a clean slate use `fresh_emulator`."""
    with EmulatorProcess() as process:
        yield process


@pytest.fixture
def fresh_emulator(emulator: EmulatorProcess) -> EmulatorProcess:
    emulator.reset()
    return emulator


@pytest.fixture(scope="session")
def sdk_home() -> Iterator[str]:
    """huaweicloudsdkcore writes $HOME/.huaweicloud/application_id: give it a HOME of its own."""
    with tempfile.TemporaryDirectory() as home:
        previous = os.environ.get("HOME")
        os.environ["HOME"] = home
        yield home
        if previous is not None:
            os.environ["HOME"] = previous


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    """Slow tests first, each kind in its own order: xdist hands tests out in this order, and a long test handed out
    last would keep one worker busy while the other has nothing left to do; the many short ones fill in at the end.

    And the xdist_group of a test in its id, which is how `--dist loadgroup` sends a group to one worker:
    pytest-xdist 3.8 writes it to `item._nodeid`, which pytest 9 no longer reads (the id is `item._id`), so without
    this every test of a group could run on either worker, and a module fixture the group shares is made on both."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if not getattr(config.option, "loadgroup", False):  # set in xdist workers of --dist loadgroup
        return
    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid:
            node = item._id  # pylint: disable=protected-access
            last = node.names[-1] + ("" if node.params is None else f"[{node.params}]")
            item._id = NodeId(path=node.path, names=(*node.names[:-1], f"{last}@{'_'.join(groups)}"))  # pylint: disable=protected-access
