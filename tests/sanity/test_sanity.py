"""The collection's static checks: ansible-test sanity, ansible-lint (production profile), documentation
lint and changelog lint, each on a copy of the files git knows (tracked, or new and not ignored).

They are separate tests, and ansible-test sanity is two (pylint, and every other sanity test), so that the xdist
workers run them side by side. ansible-test keeps the virtual environments it builds for its sanity tests under
.build/ansible-test-home (its HOME), so that only the first run of a checkout builds them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import BUILD, REPO, collections_path
from support.playbook import ansible_env

BIN = Path(sys.executable).parent
GET_PIP_STANDIN = Path(__file__).parent / "get_pip_standin.py"
ANSIBLE_TEST_HOME = BUILD / "ansible-test-home"
# pylint takes about as long as all the other sanity tests together. ansible-test's changelog test is
# `antsibull-changelog lint` in a virtual environment it builds for it (some 10 s on a fresh checkout):
# test_changelog_lint below runs the same lint with the suite's own antsibull-changelog.
SANITY_PARTS = {"pylint": ["--test", "pylint"], "others": ["--skip-test", "pylint", "--skip-test", "changelog"]}
pytestmark = pytest.mark.slow


def collection_files() -> list:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, stdout=subprocess.PIPE, text=True).stdout.splitlines()
    return [name for name in listed if (REPO / name).is_file()]


@pytest.fixture(scope="module")
def collection_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collection at a real path ansible_collections/hwcloud/vpn (ansible-test rejects symlinks)."""
    root = tmp_path_factory.mktemp("collection") / "ansible_collections" / "hwcloud" / "vpn"
    for name in collection_files():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    subprocess.run(["git", "init", "-q", "."], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


def run(command: list, cwd: Path, env: dict = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env or ansible_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=1800, check=False)


@pytest.mark.parametrize("part", sorted(SANITY_PARTS))
def test_ansible_test_sanity(part: str, collection_copy: Path) -> None:
    # ansible-test bootstraps pip in its venvs with a get-pip.py it downloads; this machine cannot reach that
    # host, so it finds a stand-in in its cache instead (see TOOLCHAIN.md), which installs pip once with the suite's
    # own pip (named in host_python beside it) and shares it among the venvs. Each file is written under another
    # name and renamed, since the other part may be reading it.
    cache = ANSIBLE_TEST_HOME / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"host_python.{part}").write_text(sys.executable + "\n")
    os.replace(cache / f"host_python.{part}", cache / "host_python")
    shutil.copy(GET_PIP_STANDIN, cache / f"get_pip_24_2.py.{part}")
    os.replace(cache / f"get_pip_24_2.py.{part}", cache / "get_pip_24_2.py")
    result = run([str(BIN / "ansible-test"), "sanity", "--local", "--python",
                  f"{sys.version_info.major}.{sys.version_info.minor}", "--color", "no", *SANITY_PARTS[part]],
                 collection_copy, ansible_env({"HOME": str(ANSIBLE_TEST_HOME)}))
    errors = [line for line in result.stdout.splitlines() if line.startswith(("ERROR", "FATAL"))]
    assert result.returncode == 0, "\n".join(errors) or result.stdout[-5000:]


def test_no_sanity_ignores(collection_copy: Path) -> None:
    ignores = list((collection_copy / "tests" / "sanity").glob("ignore-*.txt"))
    entries = [line for f in ignores for line in f.read_text().splitlines() if line and not line.startswith("#")]
    assert entries == [], f"sanity ignore entries are not allowed: {entries}"


def test_ansible_lint_production(collection_copy: Path) -> None:
    env = ansible_env({"ANSIBLE_COLLECTIONS_PATH": str(collection_copy.parents[2]), "HOME": os.environ["HOME"]})
    result = run([str(BIN / "ansible-lint"), "--offline", "--profile", "production", "--nocolor"], collection_copy,
                 env)
    # ansible-lint passes with findings it rates warnings (jinja[spacing] among them): clean means none at all.
    assert result.returncode == 0 and " 0 failure(s), 0 warning(s) " in result.stdout, result.stdout[-6000:]


def test_collection_docs_lint() -> None:
    # --check-extra-docs-refs: the guides (docs/docsite) may only name modules and options that exist, and their
    # YAML code blocks must parse; the guides' RST is checked with or without --skip-rstcheck.
    result = run([str(BIN / "antsibull-docs"), "lint-collection-docs", "--plugin-docs", "--skip-rstcheck",
                  "--check-extra-docs-refs", str(collections_path() / "ansible_collections" / "hwcloud" / "vpn")],
                 REPO)
    assert result.returncode == 0, result.stdout[-6000:]


def test_changelog_lint() -> None:
    result = run([str(BIN / "antsibull-changelog"), "lint"], REPO)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
