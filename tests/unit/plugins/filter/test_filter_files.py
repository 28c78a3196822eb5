"""The collection's filter files as Ansible loads them: for any hwcloud.vpn filter a task uses, Ansible imports every
file of plugins/filter, compiling it and what it imports at module level, since its collection loader keeps no
bytecode. So a filter file imports no module_utils at load time (the checks and the strongSwan filters import
theirs when they run), which kept each task that used any of the collection's filters some 70 ms of CPU. And the
strongSwan filters, which import theirs when they run, still turn the module_utils' errors into filter errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ansible.errors import AnsibleFilterError

from support.paths import collections_path

sys.path.insert(0, str(collections_path()))

from ansible_collections.hwcloud.vpn.plugins.filter.strongswan import FilterModule  # noqa: E402

FILTER_DIR = collections_path() / "ansible_collections" / "hwcloud" / "vpn" / "plugins" / "filter"
FILTER_FILES = sorted(path.stem for path in FILTER_DIR.glob("*.py"))
STRONGSWAN = FilterModule().filters()
IKE = {"encryption_algorithm": "aes-256", "authentication_algorithm": "sha2-256", "dh_group": "group14"}


@pytest.mark.parametrize("name", FILTER_FILES)
def test_loading_a_filter_file_imports_no_module_utils(name: str) -> None:
    probe = ("import sys; sys.path.insert(0, %r)\n"
             "import ansible_collections.hwcloud.vpn.plugins.filter.%s as plugin\n"
             "plugin.FilterModule().filters()\n"
             "print(sorted(m for m in sys.modules if '.module_utils' in m and 'hwcloud' in m))"
             % (str(collections_path()), name))
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", loaded


def test_strongswan_filters_convert_and_name_what_is_wrong() -> None:
    assert STRONGSWAN["strongswan_ike_proposal"](IKE) == "aes256-sha256-modp2048"
    assert STRONGSWAN["strongswan_esp_proposal"](dict(IKE, pfs="disable")) == "aes256-sha256"
    assert STRONGSWAN["strongswan_sections"]("") == {}
    with pytest.raises(AnsibleFilterError, match="ike_proposal: the policy has no 'dh_group'"):
        STRONGSWAN["strongswan_ike_proposal"]({"encryption_algorithm": "aes-256", "authentication_algorithm": "sha1"})
    with pytest.raises(AnsibleFilterError, match="esp_proposal: encryption_algorithm 'rot13'"):
        STRONGSWAN["strongswan_esp_proposal"](dict(IKE, encryption_algorithm="rot13"))
