"""Ansible markup in the modules' and roles' documentation: a C(), V(), O(), I(), B() or RV() span ends at the
first `)`, so a span whose text holds a `(` was cut short where the writer meant a `)` inside it (the PSK's
characters once rendered as `~!@#$%^&*(` followed by plain text)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

from support.paths import REPO

SOURCES = sorted((REPO / "plugins").glob("*/*.py")) + sorted((REPO / "roles").glob("*/meta/argument_specs.yml"))
SPAN = re.compile(r"\b(?:[CVOIBEMLU]|RV)\(([^)]*)\)")


def cut_spans(path: Path) -> List[str]:
    return [match.group(0) for match in SPAN.finditer(path.read_text(encoding="utf-8")) if "(" in match.group(1)]


def test_no_markup_span_holds_a_parenthesis() -> None:
    found = {str(path.relative_to(REPO)): cut_spans(path) for path in SOURCES}
    assert {name: spans for name, spans in found.items() if spans} == {}
    assert len(SOURCES) > 20
