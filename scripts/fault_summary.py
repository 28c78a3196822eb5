"""Run the fault suite's scenarios and print their summary: requests sent, faults injected, retries (requests sent
again), lost answers recovered by reading, duplicates and missing resources (both should be zero).

    .venv/bin/python scripts/fault_summary.py [scenario ...]

Each scenario starts its own emulator (loopback, free port, fixed seed) and runs
tests/integration/faults/lifecycle.yml twice with real ansible-playbook; summaries are also written to
tests/output/faults/<scenario>.json. Scenarios: see SCENARIOS in tests/support/faults.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

from support.faults import SCENARIOS, run_scenario  # noqa: E402  (needs the paths above)
from support.paths import collections_path  # noqa: E402

sys.path.insert(0, str(collections_path()))


def main(names):
    failed = False
    for name in names or sorted(SCENARIOS):
        summary, passes = run_scenario(name, SCENARIOS[name])
        problems = summary.problems()
        if len(passes) < 2 or any(run.returncode != 0 for runs in passes for run in runs):
            problems.insert(0, "a playbook run failed")
        failed |= bool(problems)
        print(("FAILED  " if problems else "ok      ") + summary.line(), flush=True)
        for problem in problems:
            print("        " + problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
