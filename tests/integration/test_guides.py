"""The YAML the guides show (docs/docsite/rst), run with real ansible-playbook against a fresh emulator, in the
order of each guide, so that the walkthroughs stay true: every YAML block is run (`.. tested-playbook`, or
`.. tested-tasks` for a list of tasks) unless it is marked `.. not-run: <reason>` (or checked elsewhere:
`.. tested-ee-definition`, by tests/sanity/test_release.py). support/guides.py reads the markers.

A block marked `.. tested-playbook: converge` is run twice; the second run must change nothing and send no write.
The IDs of VPCs, subnets and EIPs come from playbooks/vars/emulator.yml, as the guides tell readers to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from support.guides import GUIDES, MARKERS, RUN, yaml_blocks
from support.paths import REPO
from support.playbook import run_playbook

GUIDE_FILES = sorted(GUIDES.glob("*.rst"))
TESTED = [g for g in GUIDE_FILES if any(b.marker in RUN for b in yaml_blocks(g))]
VARS = REPO / "playbooks" / "vars" / "emulator.yml"
pytestmark = pytest.mark.slow


def test_the_walkthroughs_are_tested():
    names = {g.stem for g in TESTED}
    assert {"guide_getting_started", "guide_s2c", "guide_p2c"} <= names, names


@pytest.mark.parametrize("guide", GUIDE_FILES, ids=[g.stem for g in GUIDE_FILES])
def test_every_yaml_block_is_run_or_says_why(guide: Path) -> None:
    for block in yaml_blocks(guide):
        where = f"{guide.name}, the YAML block at line {block.line}"
        assert block.marker in MARKERS, f"{where} has no marker ({', '.join(MARKERS)}): run it or say why not"
        assert block.marker != "not-run" or block.argument, f"{where}: '.. not-run' needs a reason"
        yaml.safe_load(block.text)


@pytest.mark.parametrize("guide", TESTED, ids=[g.stem for g in TESTED])
def test_guide_playbooks(guide: Path, fresh_emulator: Any, tmp_path: Path) -> None:
    extra_vars = yaml.safe_load(VARS.read_text())
    blocks = [b for b in yaml_blocks(guide) if b.marker in RUN]
    for index, block in enumerate(blocks):
        playbook = tmp_path / f"step{index}.yml"
        playbook.write_text(block.playbook())
        where = f"{guide.name}, the YAML at line {block.line}"
        run = run_playbook(playbook, extra_vars=extra_vars, env=fresh_emulator.env())
        assert run.returncode == 0 and "failed=0" in run.recap, f"{where} failed:\n{run.output[-6000:]}"
        if block.argument == "converge":
            fresh_emulator.clear_requests()
            again = run_playbook(playbook, extra_vars=extra_vars, env=fresh_emulator.env())
            assert again.returncode == 0 and "changed=0" in again.recap, f"{where}, second run:\n{again.output[-6000:]}"
            assert fresh_emulator.writes() == [], f"{where}: the second run wrote"
        else:
            assert block.argument == "", f"{where}: unknown marker argument {block.argument!r}"
    print(f"{guide.name}: {len(blocks)} YAML blocks run")
