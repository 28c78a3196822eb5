"""The API coverage table (docs/api-operations.md, copied into the README by `make docs`): every operation of the
reference is in it once, with its section, method and path as the reference has them; each is reached by modules
that exist, or marked "not reached:" with the reason; and the README's copy is the table."""

from __future__ import annotations

import importlib.util
import json
import re
from types import ModuleType
from typing import Dict, List

import pytest
from support.module_specs import MODULES, argument_spec, walk
from support.paths import REPO

REFERENCE: Dict[str, dict] = json.loads((REPO / "tests" / "emulator" / "reference_responses.json").read_text())


def build_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_docs", REPO / "scripts" / "build_docs.py")
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


DOCS = build_docs()
ROWS: List[List[str]] = DOCS.operations()
OPTIONS = {path.split(".")[-1].rstrip("[]") for module in MODULES for path, _spec in walk(argument_spec(module))}


def test_every_operation_of_the_reference_is_in_the_table_once() -> None:
    sections = [row[2] for row in ROWS]
    assert sorted(sections) == sorted(REFERENCE), set(sections) ^ set(REFERENCE)
    for operation, method_path, section, _modules in ROWS:
        assert method_path == "`%s %s`" % (REFERENCE[section]["method"], REFERENCE[section]["path"]), section
        # A title in parentheses is not the reference's (its table of contents lacks the operation).
        assert operation == REFERENCE[section]["title"] or operation.startswith("("), (section, operation)


@pytest.mark.parametrize("row", ROWS, ids=[row[2] for row in ROWS])
def test_each_operation_is_reached_or_says_why_not(row: List[str]) -> None:
    reached = row[3]
    if reached.startswith(DOCS.NOT_REACHED):
        assert len(reached) > len(DOCS.NOT_REACHED) + 20, "give the reason: %s" % reached
        return
    named = set(re.findall(r"\b(?:vpn|p2c|access)_[a-z_0-9]+\b", reached))
    assert named & set(MODULES), "name the module, or say \"not reached:\" and why: %s" % reached
    assert sorted(name for name in named if name not in MODULES and name not in OPTIONS) == [], (row[2], reached)


def test_the_readme_carries_the_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert DOCS.readme_with_table(readme) == readme, "run `make docs`"
    assert all("| %s | %s |" % (row[2], row[0]) in readme for row in ROWS)
