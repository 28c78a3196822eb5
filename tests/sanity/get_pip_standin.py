"""Stand-in for the get-pip.py that ansible-test downloads, which this machine cannot fetch.

ansible-test runs it with the new virtual environment's interpreter, pip's install options and the packages to
install: pip itself, pinned. Rather than bootstrap pip in each of its ten environments (ensurepip, then an upgrade:
some 5 s of CPU each), the suite's own pip (named in host_python beside this file) installs that pip once into a
directory beside this file, and each environment gets a .pth file that puts it on its path. ansible-test's last step,
`pip uninstall pip`, leaves that directory alone: it is outside the environment. Without host_python, or for other
packages, pip is bootstrapped with ensurepip as get-pip would. Options only get-pip knows are dropped.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}
HERE = os.path.dirname(os.path.abspath(__file__))
HOST_PYTHON_FILE = os.path.join(HERE, "host_python")
PTH_NAME = "ansible-test-shared-pip.pth"


def host_python():
    try:
        with open(HOST_PYTHON_FILE, encoding="utf-8") as handle:
            path = handle.read().strip()
    except OSError:
        return None
    return path if os.access(path, os.X_OK) else None


def shared_pip(host, requirement, options):
    """The directory holding `requirement` (pip==X), installed once; two runs at once may both install it, and
    the first rename wins."""
    target = os.path.join(HERE, requirement.replace("==", "-"))
    if not os.path.isdir(target):
        scratch = tempfile.mkdtemp(prefix=".pip-", dir=HERE)
        subprocess.check_call([host, "-m", "pip", "install", "--target", scratch] + options + [requirement])
        try:
            os.rename(scratch, target)
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
    return target


def main():
    arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    options = [arg for arg in arguments if arg.startswith("-")]
    packages = [arg for arg in arguments if not arg.startswith("-")]
    host = host_python()
    if host and len(packages) == 1 and packages[0].startswith("pip=="):
        directory = shared_pip(host, packages[0], options)
        with open(os.path.join(sysconfig.get_paths()["purelib"], PTH_NAME), "w", encoding="utf-8") as handle:
            handle.write(directory + "\n")
        return
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + arguments)


main()
