"""Stand-in for the get-pip.py that ansible-test downloads, which this machine cannot fetch.

ansible-test runs it with the new virtual environment's interpreter, pip's install options and the packages to
install (pip itself, pinned). The test suite's own pip installs them into that environment (`pip --python`), which
takes a third of the time of bootstrapping pip with ensurepip first and then upgrading it; ensurepip remains the
fallback when the suite's interpreter is not named beside this file. Options only get-pip knows are dropped.
"""

import os
import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}
HOST_PYTHON_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "host_python")


def host_python():
    try:
        with open(HOST_PYTHON_FILE, encoding="utf-8") as handle:
            path = handle.read().strip()
    except OSError:
        return None
    return path if os.access(path, os.X_OK) else None


def main():
    arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    host = host_python()
    if host:
        subprocess.check_call([host, "-m", "pip", "--python", sys.executable, "install"] + arguments)
        return
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + arguments)


main()
