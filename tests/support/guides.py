"""Code blocks of the guides (docs/docsite/rst) that tests run, so that what the guides show keeps working.

A block is marked with an RST comment right before it, invisible in the rendered page:

    .. tested-playbook: converge

    .. code-block:: yaml

       - name: ...

The marker's word after the colon is its argument ("" when there is none).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import List

from .paths import REPO

GUIDES = REPO / "docs" / "docsite" / "rst"


@dataclass
class Block:
    guide: str
    line: int
    argument: str
    text: str


def marked_blocks(guide: Path, marker: str) -> List[Block]:
    """The code blocks marked `.. <marker>[: argument]`, in the order of the guide."""
    source = guide.read_text(encoding="utf-8")
    pattern = re.compile(r"^\.\. %s(?:: *(\S+))? *\n\n\.\. code-block:: *\S+ *\n\n((?:(?:   .*)?\n)+)"
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
