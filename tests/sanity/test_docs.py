"""Documentation as users meet it: `ansible-doc` for every module and role in the tree, the generated reference
in docs/collection (stale docs fail: regenerated into a temporary directory and compared), the README's module
table, the guides listed for the docs site, and the action group that module_defaults uses."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from support.module_specs import API_MODULES, MODULES
from support.paths import REPO
from support.playbook import ansible_env

BIN = Path(sys.executable).parent
ROLES = sorted(spec.parents[1].name for spec in (REPO / "roles").glob("*/meta/argument_specs.y*ml"))
ALL_ROLE_DIRS = sorted(p.name for p in (REPO / "roles").glob("*") if p.is_dir())
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("docs")]


def ansible_doc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "ansible-doc"), *args], cwd=REPO, env=ansible_env({"ANSIBLE_NOCOLOR": "1"}),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300, check=False)


def load_script():
    spec = importlib.util.spec_from_file_location("build_docs", REPO / "scripts" / "build_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def json_docs(plugin_type: str, names: List[str]) -> Dict[str, dict]:
    """`ansible-doc --json` of all the names at once; when one of them breaks that call, of each one alone, so that
    a broken page fails its own test only."""
    if not names:
        return {}
    fqcns = ["hwcloud.vpn." + name for name in names]
    result = ansible_doc("-t", plugin_type, "--json", *fqcns)
    docs = json.loads(result.stdout) if result.stdout.strip() else {}
    for fqcn in set(fqcns) - set(docs):
        alone = ansible_doc("-t", plugin_type, "--json", fqcn)
        docs.update(json.loads(alone.stdout) if alone.stdout.strip() else {})
    return docs


@pytest.fixture(scope="module")
def module_pages() -> Dict[str, str]:
    """The text `ansible-doc` shows for each module (one call for all; a page it cannot show is missing)."""
    result = ansible_doc("-t", "module", *("hwcloud.vpn." + m for m in MODULES))
    pages = re.split(r"^(?=> MODULE hwcloud\.vpn\.)", result.stdout, flags=re.M)
    return {page.split()[2]: page for page in pages if page.startswith("> MODULE ")}


@pytest.fixture(scope="module")
def module_docs() -> Dict[str, dict]:
    return json_docs("module", MODULES)


@pytest.fixture(scope="module")
def role_docs() -> Dict[str, dict]:
    return json_docs("role", ROLES)


# -- ansible-doc ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES)
def test_ansible_doc_module(module: str, module_pages: Dict[str, str], module_docs: Dict[str, dict]) -> None:
    """`ansible-doc hwcloud.vpn.<module>` shows the page; its documentation is complete and its examples are tasks
    of this module."""
    fqcn = "hwcloud.vpn." + module
    if fqcn not in module_pages:
        alone = ansible_doc(fqcn)
        pytest.fail(f"ansible-doc {fqcn} shows no page:\n{alone.stderr or alone.stdout[:2000]}")
    page = module_pages[fqcn]
    for heading in ("OPTIONS", "ATTRIBUTES", "EXAMPLES:", "RETURN VALUES:", "AUTHOR:"):
        assert heading in page, heading
    assert fqcn in module_docs, f"ansible-doc --json has no {fqcn}"
    entry = module_docs[fqcn]
    doc = entry["doc"]
    assert doc["short_description"] and doc["description"] and doc["version_added"]
    assert doc["author"] in ("hwcloud.vpn contributors (@hwcloud-vpn)", ["hwcloud.vpn contributors (@hwcloud-vpn)"])
    if module in API_MODULES:
        assert {"access_key", "secret_key", "region", "endpoint", "project_id"} <= set(doc["options"]), \
            "the auth fragment is missing"
    assert set(doc["attributes"]) >= {"check_mode", "diff_mode"}
    assert entry["return"], "RETURN is empty"
    examples = yaml.safe_load(entry["examples"])
    assert isinstance(examples, list) and examples
    assert any(fqcn in task for task in examples), "no example uses the module by its FQCN"
    for task in examples:
        assert task.get("name"), "every example task has a name"


def test_ansible_doc_lists_exactly_the_modules() -> None:
    listed = json.loads(ansible_doc("-t", "module", "-l", "hwcloud.vpn", "--json").stdout)
    assert sorted(listed) == ["hwcloud.vpn." + m for m in MODULES]


def test_every_role_documents_its_arguments() -> None:
    assert ROLES == ALL_ROLE_DIRS, "every role needs meta/argument_specs.yml (ansible-doc and docs read it)"


@pytest.mark.parametrize("role", ROLES)
def test_ansible_doc_role(role: str, role_docs: Dict[str, dict]) -> None:
    fqcn = "hwcloud.vpn." + role
    text = ansible_doc("-t", "role", fqcn)
    assert text.returncode == 0 and not text.stderr.strip(), text.stderr
    assert text.stdout.startswith(f"> ROLE: *{fqcn}*"), text.stdout[:300]
    main = role_docs[fqcn]["entry_points"]["main"]
    assert main["short_description"] and main["description"] and main.get("options")
    assert (REPO / "roles" / role / "README.md").exists(), "every role has a README"


def test_ansible_doc_lists_exactly_the_roles() -> None:
    listed = json.loads(ansible_doc("-t", "role", "-l", "hwcloud.vpn", "--json").stdout or "{}")
    assert sorted(listed) == ["hwcloud.vpn." + r for r in ROLES]


# -- the action group ---------------------------------------------------------------------------------------

def test_action_group_holds_every_module_that_calls_the_api() -> None:
    """module_defaults: group/hwcloud.vpn.vpn must reach every module that takes the credentials, and name nothing
    else: a module that takes none (LOCAL_MODULES) would refuse the group's defaults as unsupported options."""
    group = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["action_groups"]["vpn"]
    assert sorted(set(API_MODULES) - set(group)) == [], "modules missing from action_groups.vpn in meta/runtime.yml"
    assert sorted(set(group) - set(API_MODULES)) == [], "action_groups.vpn lists a module that is not an API one"
    assert len(group) == len(set(group)), "a module is listed twice"
    assert group == sorted(group), "keep action_groups.vpn in alphabetical order"


# -- the generated reference and the README -----------------------------------------------------------------

def test_generated_reference_is_current(tmp_path: Path) -> None:
    """docs/collection is what antsibull-docs generates from the tree now (make docs regenerates it)."""
    script = load_script()
    fresh = tmp_path / "docs"
    script.generate(fresh)
    assert {f"{m}_module.rst" for m in MODULES} | {f"{r}_role.rst" for r in ROLES} | {"index.rst"} <= set(
        script.tree(fresh)), "antsibull-docs did not write a page per module and role"
    problems = script.compare(fresh, REPO / "docs" / "collection")
    assert not problems, "The generated documentation is stale; run `make docs`.\n" + "\n".join(problems)


def readme_table() -> List[List[str]]:
    text = (REPO / "README.md").read_text()
    script = load_script()
    assert script.TABLE_BEGIN in text and script.TABLE_END in text, "README.md lost its module table markers"
    block = text.split(script.TABLE_BEGIN, 1)[1].split(script.TABLE_END, 1)[0]
    rows = [line for line in block.strip().splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_readme_module_table(module_docs: Dict[str, dict], role_docs: Dict[str, dict]) -> None:
    """One row per module and role, with the short description ansible-doc shows, linking to its page."""
    broken = sorted(set("hwcloud.vpn." + m for m in MODULES) - set(module_docs))
    assert not broken, f"ansible-doc cannot read {broken} (see test_ansible_doc_module)"
    expected = [[f"[hwcloud.vpn.{m}](docs/collection/{m}_module.rst)", "module",
                 module_docs["hwcloud.vpn." + m]["doc"]["short_description"]] for m in MODULES]
    expected += [[f"[hwcloud.vpn.{r}](docs/collection/{r}_role.rst)", "role",
                  role_docs["hwcloud.vpn." + r]["entry_points"]["main"]["short_description"]] for r in ROLES]
    assert readme_table() == expected, "README.md's module table is stale; run `make docs`"


def test_readme_links_exist() -> None:
    """Every relative link of the README and of the guides' index points at a file of the repository."""
    text = (REPO / "README.md").read_text()
    links = re.findall(r"\]\(((?!https?://|#|mailto:)[^)\s]+)\)", text)
    assert links
    missing = [link for link in links if not (REPO / link.split("#")[0]).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_guides_are_listed_for_the_docs_site() -> None:
    """Every guide in docs/docsite/rst is in extra-docs.yml (Galaxy and the docs site show only those)."""
    extra = yaml.safe_load((REPO / "docs" / "docsite" / "extra-docs.yml").read_text())
    listed = [entry for section in extra["sections"] for entry in section["toctree"]]
    present = sorted(p.stem for p in (REPO / "docs" / "docsite" / "rst").glob("*.rst"))
    assert sorted(listed) == present
    for name in present:
        first = (REPO / "docs" / "docsite" / "rst" / f"{name}.rst").read_text().splitlines()[0]
        assert first == f".. _ansible_collections.hwcloud.vpn.docsite.{name}:", f"{name}.rst needs its label"


def test_make_docs_target() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^docs:.*\n\t.*scripts/build_docs\.py", makefile, re.M), "make docs runs scripts/build_docs.py"
    assert os.access(REPO / "scripts" / "build_docs.py", os.R_OK)


def test_credentials_guide_names_every_variable() -> None:
    """The credentials guide's table lists each auth option with every environment variable it is read from."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec

    text = (REPO / "docs" / "docsite" / "rst" / "guide_credentials.rst").read_text()
    rows = dict(re.findall(r"^   \* - ``(\w+)``.*\n     - (.+)$", text, re.M))
    for option, spec in auth_spec().items():
        if spec.get("fallback"):
            assert option in rows, f"{option} is missing from the table of guide_credentials.rst"
            assert re.findall(r"``(\w+)``", rows[option]) == spec["fallback"][1], option


def test_troubleshooting_guide_explains_every_error_code() -> None:
    """Every error code of the API reference's appendix A.3 (as the emulator lists them) is in the guide."""
    from emulator.errors import CODES  # the conftest puts the repository on sys.path

    text = (REPO / "docs" / "docsite" / "rst" / "guide_troubleshooting.rst").read_text()
    missing = [code for code in CODES if f"``{code}``" not in text]
    assert not missing, f"guide_troubleshooting.rst does not explain {missing}"


def test_readme_documents_the_emulator_options() -> None:
    """Every option of `python -m emulator --help`, its environment variable and its default are in the README."""
    from emulator import config

    help_text = subprocess.run([sys.executable, "-m", "emulator", "--help"], cwd=REPO, stdout=subprocess.PIPE,
                               text=True, check=True).stdout
    readme = (REPO / "README.md").read_text()
    rows = {row.split("|")[1].strip().strip("`"): row for row in readme.splitlines() if row.startswith("| `--")}
    options = sorted(set(re.findall(r"^  (--[a-z-]+)", help_text, re.M)) - {"--help"})
    assert sorted(rows) == options, "the README's emulator table and `python -m emulator --help` differ"
    for option, variable in re.findall(r"^  (--[a-z-]+)(?:(?!\n  --).)*?\((EMULATOR_[A-Z_]+)\)", help_text,
                                       re.M | re.S):
        assert f"`{variable}`" in rows[option], f"{option}: {variable} is not in its README row"
    for name in ("ACCESS_KEY", "SECRET_KEY", "PROJECT_ID", "REGION", "DOMAIN_NAME", "USER_NAME", "USER_PASSWORD"):
        assert f"`{getattr(config, 'DEFAULT_' + name)}`" in readme, f"the emulator's default {name} is not in README"
