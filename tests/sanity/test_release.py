"""Release tooling: the collection builds into a tarball holding what users need and nothing build_ignore'd, the
tarball installs into a clean path and works from there against the emulator, and the execution environment
definition it ships is accepted by ansible-builder and found by ansible-builder's introspection."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import COLLECTION_VERSION
from support.guides import GUIDES, marked_blocks
from support.paths import REPO
from support.playbook import run_playbook

BIN = Path(sys.executable).parent
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text())
VERSION = GALAXY["version"]
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if p.name != "__init__.py")
# One worker builds and installs the tarball (module fixtures) for all the tests of the release.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("release")]


def git_files() -> List[str]:
    """The files git knows (tracked, or new and not ignored): what a clone of the repository would hold."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO, check=True,
                            stdout=subprocess.PIPE, text=True).stdout.splitlines()
    return [name for name in listed if (REPO / name).is_file()]


def run(command: List[str], env: Dict[str, str] = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-4000:]}"
    return result


def requirements(path: Path) -> List[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def introspected(output: str) -> Dict[str, List[str]]:
    """{collection: its Python requirements} from the output of ansible-builder's introspect.py."""
    found: Dict[str, List[str]] = {}
    for line in yaml.safe_load(output[output.index("---"):])["python"] or []:
        requirement, origin = line.split("# from collection ")
        found.setdefault(origin.strip(), []).append(requirement.strip())
    return found


def clean_env(collections: Path) -> Dict[str, str]:
    """Only `collections` on the collections path: not the working tree, not the user's or the system's."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
    return env


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "hwcloud.vpn"
    for name in git_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    run([str(BIN / "ansible-galaxy"), "collection", "build", str(source), "--output-path", str(dist)])
    built = dist / f"hwcloud-vpn-{VERSION}.tar.gz"
    assert built.exists(), list(dist.iterdir())
    return built


@pytest.fixture(scope="module")
def installed(tarball: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collections path the tarball was installed into (offline: the collection has no dependencies)."""
    target = tmp_path_factory.mktemp("installed")
    run([str(BIN / "ansible-galaxy"), "collection", "install", str(tarball), "-p", str(target)], clean_env(target))
    return target


def test_version_is_semver_and_used_everywhere():
    assert re.match(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", VERSION)
    assert COLLECTION_VERSION == VERSION, "the client's User-Agent version (client.COLLECTION_VERSION) differs"
    assert f"hwcloud-vpn-ee:{VERSION}" in (REPO / "meta" / "execution-environment.yml").read_text()


def test_tarball_holds_what_users_need_and_nothing_ignored(tarball: Path):
    with tarfile.open(tarball) as archive:
        names = [member.name for member in archive.getmembers()]
        manifest = json.load(archive.extractfile("MANIFEST.json"))
    assert manifest["collection_info"]["version"] == VERSION
    wanted = ["MANIFEST.json", "FILES.json", "README.md", "requirements.txt", "meta/runtime.yml",
              "meta/execution-environment.yml", "meta/requirements.txt", "extensions/awx/credential_type.yml",
              "changelogs/changelog.yaml", "docs/collection/index.rst", "docs/docsite/extra-docs.yml",
              "plugins/doc_fragments/auth.py"] + [f"plugins/modules/{m}.py" for m in MODULES]
    missing = [name for name in wanted if name not in names]
    assert not missing, f"missing from the tarball: {missing}"
    for pattern in GALAXY["build_ignore"]:
        leaked = [n for n in names if fnmatch.fnmatch(n, pattern) or n.startswith(pattern.rstrip("/") + "/")]
        assert not leaked, f"build_ignore {pattern!r} did not keep out {leaked[:5]}"
    for prefix in ("emulator/", "tests/", "scripts/", "benchmarks/", ".venv/", ".build/", ".git/",
                   "extensions/molecule/"):
        assert not any(n.startswith(prefix) for n in names), prefix
    assert not any(n.endswith((".pyc", ".tar.gz")) or "__pycache__" in n for n in names)
    # An allow-list, so that a new developer file (a tool's config at the root, say) cannot slip in unnoticed.
    user_facing = ("MANIFEST.json", "FILES.json", "README.md", "requirements.txt", "meta/", "plugins/", "roles/",
                   "playbooks/", "docs/collection/", "docs/docsite/", "extensions/awx/", "changelogs/changelog.yaml")
    extra = [n for n in names if not n.startswith(user_facing) and n + "/" not in user_facing
             and n not in ("docs", "changelogs", "extensions")]
    assert not extra, f"the tarball holds files users do not need: {extra}"


def test_installed_collection_works_against_the_emulator(installed: Path, fresh_emulator):
    listed = run([str(BIN / "ansible-galaxy"), "collection", "list", "hwcloud.vpn", "--format", "json"],
                 clean_env(installed))
    found = json.loads(listed.stdout)
    assert [info["version"] for info in found.values() for info in info.values()] == [VERSION]
    doc = json.loads(run([str(BIN / "ansible-doc"), "--json", "hwcloud.vpn.vpn_quota_info"],
                         clean_env(installed)).stdout)
    assert doc["hwcloud.vpn.vpn_quota_info"]["doc"]["filename"].startswith(str(installed))
    playbook = run_playbook(REPO / "tests" / "sanity" / "installed_collection.yml", extra_vars={
        "emulator_url": fresh_emulator.url, "emulator_access_key": fresh_emulator.access_key,
        "emulator_secret_key": fresh_emulator.secret_key, "emulator_project_id": fresh_emulator.project_id,
        "emulator_region": fresh_emulator.region}, env=clean_env(installed))
    assert playbook.returncode == 0, playbook.output[-6000:]
    assert "failed=0" in playbook.recap
    # The modules came from the installed copy: module_defaults reached them through the action group.
    assert fresh_emulator.state()["customer_gateways"] == {}


def test_execution_environment_definition(installed: Path, tmp_path: Path):
    """ansible-builder writes a build context from the definition the collection ships (offline, no container
    engine), and its introspection finds the modules' Python requirements in the installed collection."""
    collection = installed / "ansible_collections" / "hwcloud" / "vpn"
    context = tmp_path / "context"
    created = run([str(BIN / "ansible-builder"), "create", "-f", str(collection / "meta" / "execution-environment.yml"),
                   "-c", str(context), "--output-filename", "Containerfile"])
    assert "Complete!" in created.stdout
    containerfile = (context / "Containerfile").read_text()
    assert 'ARG EE_BASE_IMAGE="quay.io/centos/centos:stream9"' in containerfile
    assert "ansible-core" in containerfile and "ansible-runner" in containerfile
    assert "introspect --user-pip=requirements.txt" in containerfile
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert [c["name"] for c in galaxy["collections"]] == ["hwcloud.vpn"]

    assert requirements(context / "_build" / "requirements.txt") == requirements(REPO / "requirements.txt")
    assert requirements(REPO / "meta" / "requirements.txt") == requirements(REPO / "requirements.txt")
    introspect = context / "_build" / "scripts" / "introspect.py"
    found = run([sys.executable, str(introspect), "introspect", str(installed)])
    assert introspected(found.stdout) == expected_introspection()
    # Whatever the requirements are, introspection reads the shipped meta/execution-environment.yml and finds the
    # requirements file it names in the installed collection.
    check = ("import json, os, sys; sys.path.insert(0, sys.argv[1]); import introspect; "
             "d = introspect.CollectionDefinition(sys.argv[2]); f = d.get_dependency('python'); "
             "print(json.dumps([f, os.path.isfile(os.path.join(sys.argv[2], f)), d.get_dependency('system'), "
             "introspect.process_collection(sys.argv[2])[0]]))")
    definition = json.loads(run([sys.executable, "-c", check, str(introspect.parent), str(collection)]).stdout)
    assert definition == ["requirements.txt", True, None, requirements(REPO / "requirements.txt")]


def expected_introspection():
    """What introspection reports for the collection: its Python requirements (none: it needs only the standard
    library, and then introspection leaves it out)."""
    needed = requirements(REPO / "requirements.txt")
    return {"hwcloud.vpn": needed} if needed else {}


def test_guide_execution_environment_from_a_tarball(tarball: Path, tmp_path: Path):
    """The AWX guide's EE definition for a tarball: ansible-builder accepts it, and the galaxy and introspection
    stages of the build, run here as the Containerfile runs them, install the collection and find its requirement."""
    [block] = marked_blocks(GUIDES / "guide_awx.rst", "tested-ee-definition")
    project = tmp_path / "project"
    project.mkdir()
    (project / "execution-environment.yml").write_text(block.text)
    shutil.copy(tarball, project / tarball.name)
    run([str(BIN / "ansible-builder"), "create", "-c", "context", "--output-filename", "Containerfile"], cwd=project)
    containerfile = (project / "context" / "Containerfile").read_text()
    galaxy_stage = containerfile[containerfile.index("AS galaxy"):containerfile.index("AS builder")]
    assert "COPY _build /build" in galaxy_stage and "WORKDIR /build" in galaxy_stage
    build = tmp_path / "build"  # the galaxy stage: COPY _build /build, WORKDIR /build, ansible-galaxy install
    shutil.copytree(project / "context" / "_build", build)
    collections = tmp_path / "usr-share-ansible-collections"
    run([str(BIN / "ansible-galaxy"), "collection", "install", "-r", "requirements.yml", "--collections-path",
         str(collections)], clean_env(collections), cwd=build)
    manifest = json.loads((collections / "ansible_collections" / "hwcloud" / "vpn" / "MANIFEST.json").read_text())
    assert manifest["collection_info"]["version"] == VERSION
    found = run([sys.executable, str(build / "scripts" / "introspect.py"), "introspect", str(collections)])
    assert introspected(found.stdout) == expected_introspection()
