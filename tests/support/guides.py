"""Code blocks of the guides (docs/docsite/rst) that tests run, so that what the guides show keeps working.

A block is marked with an RST comment right before it, invisible in the rendered page:

    .. tested-playbook: converge

    .. code-block:: yaml

       - name: ...

The marker's text after the colon is its argument ("" when there is none).

Every YAML block of a guide carries one of the MARKERS: it is run (`tested-playbook`: a playbook;
`tested-tasks`: a list of tasks, run in a play on localhost), checked otherwise (`tested-ee-definition`, by
tests/sanity/test_release.py), or says why it is not run (`not-run: <reason>`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from .paths import REPO

GUIDES = REPO / "docs" / "docsite" / "rst"


@dataclass
class Block:
    guide: str
    line: int
    argument: str
    text: str


MARKERS = ("tested-playbook", "tested-tasks", "tested-ee-definition", "not-run")
RUN = ("tested-playbook", "tested-tasks")


@dataclass
class YamlBlock:
    guide: str
    line: int
    marker: Optional[str]  # None when the block has no marker
    argument: str
    text: str

    def playbook(self) -> str:
        """The block as a playbook: itself, or its tasks in a play on localhost."""
        if self.marker == "tested-tasks":
            return "- name: Tasks of %s, line %d\n  hosts: localhost\n  gather_facts: false\n  tasks:\n%s" % (
                self.guide, self.line, textwrap.indent(self.text, "    "))
        return self.text


def yaml_blocks(guide: Path) -> List[YamlBlock]:
    """Every YAML code block of the guide, in order, with the marker comment right before it (if any)."""
    source = guide.read_text(encoding="utf-8")
    pattern = re.compile(r"(?:^\.\. ([a-z-]+)(?:: *(.+?))? *\n\n)?"
                         r"^\.\. code-block:: *yaml *\n\n((?:(?:   .*)?\n)+)", re.M)
    blocks = []
    for match in pattern.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        blocks.append(YamlBlock(guide.name, line, match.group(1), match.group(2) or "",
                                textwrap.dedent(match.group(3)).strip() + "\n"))
    return blocks


def marked_blocks(guide: Path, marker: str) -> List[Block]:
    """The code blocks marked `.. <marker>[: argument]`, in the order of the guide."""
    source = guide.read_text(encoding="utf-8")
    pattern = re.compile(r"^\.\. %s(?:: *(.+?))? *\n\n\.\. code-block:: *\S+ *\n\n((?:(?:   .*)?\n)+)"
                         % re.escape(marker), re.M)
    blocks = []
    for match in pattern.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        blocks.append(Block(guide.name, line, match.group(1) or "", textwrap.dedent(match.group(2)).strip() + "\n"))
    markers = len(re.findall(r"^\.\. %s\b" % re.escape(marker), source, re.M))
    if markers != len(blocks):
        raise AssertionError(f"{guide.name}: {markers} '.. {marker}' markers but {len(blocks)} marked code blocks "
                             "(a marker must be followed by an empty line and a code-block)")
    return blocks
