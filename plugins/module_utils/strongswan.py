# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API's IKE and IPsec algorithm names in strongSwan's proposal keywords: the one table the role's
swanctl.conf template (through the filters of plugins/filter/strongswan.py) and the data-plane tests use.

The Chinese GM algorithms (sm4, sm3) have no strongSwan keywords; asking for them raises ValueError.

Also what strongswan_site and the tests read back from the daemon: swanctl's --raw output.
"""

import re

from ansible_collections.hwcloud.vpn.plugins.module_utils import ipsec

# strongSwan's keyword for each algorithm a connection's ikepolicy and ipsecpolicy take (ipsec.CONNECTION_*; a
# unit test holds the two together), but the GM ones.
ENCRYPTION = {
    "aes-128": "aes128",
    "aes-192": "aes192",
    "aes-256": "aes256",
    "aes-128-gcm-16": "aes128gcm16",
    "aes-256-gcm-16": "aes256gcm16",
    "3des": "3des",
}
INTEGRITY = {
    "sha1": "sha1",
    "md5": "md5",
    "sha2-256": "sha256",
    "sha2-384": "sha384",
    "sha2-512": "sha512",
}
DH_GROUPS = {
    "group1": "modp768",
    "group2": "modp1024",
    "group5": "modp1536",
    "group14": "modp2048",
    "group15": "modp3072",
    "group16": "modp4096",
    "group19": "ecp256",
    "group20": "ecp384",
    "group21": "ecp521",
}
# The GM (Chinese national cryptography) algorithms of GM gateways: no strongSwan implementation.
GM_ALGORITHMS = tuple(sorted(set(ipsec.GM_ALGORITHMS.values())))


def _keyword(table, kind, value):
    if value in GM_ALGORITHMS:
        raise ValueError("%s %s is a GM (Chinese national cryptography) algorithm, which strongSwan does not "
                         "implement: configure the site's device with its vendor's tools" % (kind, value))
    if value not in table:
        raise ValueError("%s %r is not an algorithm of a VPN connection; known: %s"
                         % (kind, value, ", ".join(sorted(table))))
    return table[value]


def is_aead(encryption_algorithm):
    """Whether an API encryption algorithm authenticates by itself (GCM), so takes no integrity algorithm."""
    return "gcm" in encryption_algorithm


def ike_proposal(policy):
    """A strongSwan IKE proposal (e.g. aes256-sha256-modp2048) from an API ikepolicy with encryption_algorithm,
    authentication_algorithm and dh_group. With GCM the integrity algorithm becomes the PRF."""
    encryption = policy["encryption_algorithm"]
    integrity = _keyword(INTEGRITY, "authentication_algorithm", policy["authentication_algorithm"])
    return "-".join([_keyword(ENCRYPTION, "encryption_algorithm", encryption),
                     ("prf" + integrity) if is_aead(encryption) else integrity,
                     _keyword(DH_GROUPS, "dh_group", policy["dh_group"])])


def esp_proposal(policy):
    """A strongSwan ESP proposal (e.g. aes128-sha256-modp3072) from an API ipsecpolicy with encryption_algorithm,
    authentication_algorithm and pfs ("disable" for none)."""
    encryption = policy["encryption_algorithm"]
    parts = [_keyword(ENCRYPTION, "encryption_algorithm", encryption)]
    if not is_aead(encryption):
        parts.append(_keyword(INTEGRITY, "authentication_algorithm", policy["authentication_algorithm"]))
    pfs = policy.get("pfs", "disable")
    if pfs != "disable":
        parts.append(_keyword(DH_GROUPS, "pfs", pfs))
    return "-".join(parts)


_RAW_TOKEN = re.compile(r"[^\s{}\[\]=]+=\[[^\]]*\]|[^\s{}=]+=[^\s{}]*|[^\s{}]+|[{}]")


def parse_raw(text):
    """swanctl --raw output (--list-sas, --list-conns) as a list of (event or reply, message): a message holds
    sections (dicts), key=value strings and key=[lists]."""
    tokens = _RAW_TOKEN.findall(text)
    messages = []
    position = [0]

    def section():
        found = {}
        while position[0] < len(tokens) and tokens[position[0]] != "}":
            token = tokens[position[0]]
            position[0] += 1
            if "=" in token:
                key, value = token.split("=", 1)
                found[key] = value[1:-1].split() if value.startswith("[") else value
            elif position[0] < len(tokens) and tokens[position[0]] == "{":
                position[0] += 1
                found[token] = section()
                position[0] += 1  # the closing brace
        return found

    label = []
    while position[0] < len(tokens):
        token = tokens[position[0]]
        position[0] += 1
        if token == "{":
            messages.append((" ".join(label), section()))
            position[0] += 1
            label = []
        else:
            label.append(token)
    return messages


def sections(text):
    """The named sections of swanctl --raw output merged into one dict: IKE_SAs by connection name for
    --list-sas, connections by name for --list-conns."""
    merged = {}
    for unused_label, message in parse_raw(text):
        for name, value in message.items():
            if isinstance(value, dict):
                merged.setdefault(name, value)
    return merged
