"""Stand-in for the get-pip.py that ansible-test downloads, which this machine cannot fetch.

ansible-test runs it with pip's install options and the packages to install; it bootstraps pip from the
interpreter's own ensurepip and installs the packages with it, dropping options only get-pip knows.
"""

import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}


def main():
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
    arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + arguments)


main()
