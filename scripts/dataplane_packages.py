"""Install the data-plane tests' packages (strongSwan, OpenVPN, ping) with apt, for `make test`.

Only as root on a Debian-like system, where those tests run (they need network namespaces); elsewhere it says in
one line why not, and the tests skip with their reason. It never fails `make test`: a failed install is printed,
and pytest's summary names the tests it skipped and why.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.dataplane import netns  # noqa: E402  (needs the path above)


def main() -> int:
    if os.name != "posix" or os.geteuid() != 0:
        print("data-plane packages: not root, the data-plane tests will skip (run the tests as root to include them)")
        return 0
    if netns.skip_reason() is None:
        return 0  # already installed
    print("data-plane packages: installing %s (apt-get)" % " ".join(netns.PACKAGES), flush=True)
    problem = netns.install_packages()
    print("data-plane packages: %s" % (problem or "installed"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
