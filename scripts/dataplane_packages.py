"""Install the data-plane tests' packages (strongSwan, OpenVPN, ping) with apt, for `make test`.

Only as root on a Debian-like system, where those tests run (they need network namespaces); elsewhere it says in
one line why not, and the tests skip with their reason. It never fails `make test`: a failed install is printed,
and pytest's summary names the tests it skipped and why.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.dataplane import netns  # noqa: E402  (needs the path above)


def main() -> int:
    reason = netns.skip_reason()
    if reason is None:
        return 0  # installed, and namespaces work
    # install_packages itself says why it cannot (not root, no apt) or what apt answered.
    print("data-plane tests: %s" % reason, flush=True)
    problem = netns.install_packages()
    print("data-plane packages: %s" % (problem + "; the data-plane tests will skip" if problem else "installed"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
