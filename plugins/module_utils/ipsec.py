# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The IPsec domain of S2C VPN: the algorithms each API takes, the service's defaults, the GM (SM algorithm)
rules, and the checks of pre-shared keys, tunnel interface addresses, IKE identities and policy rules.

Two sets of algorithm tables: a VPN connection's IKE and IPsec policies ("Creating a VPN Connection", tables
IkePolicy and IpsecPolicy of the connection) take more algorithms than a VPN gateway's policy template
("Creating a VPN Gateway", tables PolicyTemplate, IkePolicy and IpsecPolicy of the gateway). Modules, the
argument specs and the roles' strongSwan mapping all read them from here.
"""

import copy
import ipaddress
from typing import Any, Dict, Optional, Tuple

from ansible_collections.hwcloud.vpn.plugins.module_utils import validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import cidr, cidr_set, deep_merge
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

# -- algorithms -----------------------------------------------------------------------------------------------

# A connection's ikepolicy and ipsecpolicy (sha1, md5, 3des and groups 1, 2, 5 and 14 are weak; sm3 and sm4
# are for GM gateways only).
CONNECTION_AUTHENTICATION = ["sha2-512", "sha2-384", "sha2-256", "sha1", "md5", "sm3"]
CONNECTION_ENCRYPTION = ["aes-256-gcm-16", "aes-128-gcm-16", "aes-256", "aes-192", "aes-128", "3des", "sm4"]
CONNECTION_DH_GROUPS = ["group1", "group2", "group5", "group14", "group15", "group16", "group19", "group20",
                        "group21"]
CONNECTION_PFS = CONNECTION_DH_GROUPS + ["disable"]
# A gateway's policy_template (NonFixedIP flavors): its ike_policy.dh_group and ipsec_policy.pfs take these.
TEMPLATE_AUTHENTICATION = ["sha2-512", "sha2-384", "sha2-256"]
TEMPLATE_ENCRYPTION = ["aes-256-gcm-16", "aes-128-gcm-16", "aes-256", "aes-192", "aes-128"]
TEMPLATE_DH_GROUPS = ["group14", "group15", "group16", "group19", "group20", "group21", "disable"]

# Lifetimes in seconds, IKE SA and IPsec SA (the same ranges for connections and policy templates).
IKE_LIFETIME = (60, 604800)
IPSEC_LIFETIME = (30, 604800)

# -- the service's defaults -----------------------------------------------------------------------------------

# What a connection gets for what the task does not set, to predict it in check mode. The identities (local_id,
# peer_id) and a static connection's tunnel addresses are the service's choice.
IKE_DEFAULTS = {"ike_version": "v2", "authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128",
                "dh_group": "group15", "authentication_method": "pre-share", "lifetime_seconds": 86400,
                "local_id_type": "ip", "peer_id_type": "ip",
                "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}}
GM_IKE_DEFAULTS = {"ike_version": "v1", "authentication_algorithm": "sm3", "encryption_algorithm": "sm4",
                   "authentication_method": "digital-envelope-v2", "lifetime_seconds": 86400,
                   "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}}
IPSEC_DEFAULTS = {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128", "pfs": "group15",
                  "transform_protocol": "esp", "lifetime_seconds": 3600, "encapsulation_mode": "tunnel"}
GM_IPSEC_DEFAULTS = {"authentication_algorithm": "sm3", "encryption_algorithm": "sm4", "transform_protocol": "esp",
                     "lifetime_seconds": 3600, "encapsulation_mode": "tunnel"}


def effective_policies(gateway: Dict[str, Any], style: str, ikepolicy: Optional[dict] = None,
                       ipsecpolicy: Optional[dict] = None) -> Tuple[dict, dict]:
    """A connection's IKE and IPsec policies as the service applies them: those given over the gateway's policy
    template (policy-template style) over the service's defaults (the GM ones on a GM gateway). vpn_connection
    predicts a create with them, and the s2c_vpn role writes the peers' strongSwan configuration from them."""
    gm = gateway.get("flavor") == "GM"
    ike = copy.deepcopy(GM_IKE_DEFAULTS if gm else IKE_DEFAULTS)
    ipsec_policy = copy.deepcopy(GM_IPSEC_DEFAULTS if gm else IPSEC_DEFAULTS)
    template = gateway.get("policy_template") if style == "policy-template" else None
    if template:
        ike.update(template.get("ike_policy") or {})
        ipsec_policy.update(template.get("ipsec_policy") or {})
    ike = deep_merge(ike, ikepolicy or {})
    if ike["ike_version"] == "v1":
        ike.setdefault("phase1_negotiation_mode", "main")
    return ike, deep_merge(ipsec_policy, ipsecpolicy or {})


# -- GM -------------------------------------------------------------------------------------------------------

# Options a gateway of the GM specification does not take ("You do not need to set this parameter when
# flavor is set to GM").
NOT_FOR_GM = ("ikepolicy.dh_group", "ikepolicy.local_id_type", "ikepolicy.local_id", "ikepolicy.peer_id_type",
              "ikepolicy.peer_id", "ipsecpolicy.pfs")
# The SM algorithms: the only ones a GM gateway takes, and only a GM gateway takes them.
GM_ALGORITHMS = {"ikepolicy.authentication_algorithm": "sm3", "ikepolicy.encryption_algorithm": "sm4",
                 "ipsecpolicy.authentication_algorithm": "sm3", "ipsecpolicy.encryption_algorithm": "sm4"}
# The values only a GM gateway takes (it may also use pre-share).
GM_VALUES = dict(GM_ALGORITHMS, **{"ikepolicy.authentication_method": "digital-envelope-v2"})
# The only values a GM gateway takes for these options.
GM_ONLY_ALLOWS = dict(GM_ALGORITHMS, **{"ikepolicy.ike_version": "v1", "ikepolicy.phase1_negotiation_mode": "main"})


def leaf(params: Dict[str, Any], path: str) -> Any:
    """The value of a policy option given as "ikepolicy.dh_group"."""
    parent, key = path.split(".")
    return (params.get(parent) or {}).get(key)


def check_gm_consistency(params: Dict[str, Any]) -> None:
    """SM algorithms are the GM specification's, which takes none of the others' options."""
    sm = [path for path, value in GM_VALUES.items() if leaf(params, path) == value]
    others = [path for path in NOT_FOR_GM if leaf(params, path) is not None]
    others += [path for path, value in GM_ONLY_ALLOWS.items() if leaf(params, path) not in (None, value)]
    if sm and others:
        raise ValidationError(sm[0], "%s is for gateways of the GM specification, which do not take %s." % (
            leaf(params, sm[0]), ", ".join(sorted(others))))


# -- pre-shared keys ------------------------------------------------------------------------------------------

# The PSK's special characters: the union of the lists of creating one connection, creating connections in
# batches and updating a connection.
PSK_SPECIALS = frozenset("~!@#$%^&*()-_+={},./;:")
PSK_RULE = ("must be 8 to 128 characters with at least three of: upper case letters, lower case letters, digits "
            "and the special characters ~!@#$%^&*()-_+={},./;: (and nothing else)")


def psk_problem(psk: str) -> Optional[str]:
    """Which rule the key breaks (None when it breaks none), never quoting the key."""
    if not 8 <= len(psk) <= 128:
        return "it has %d characters" % len(psk)
    if any(not (char.isascii() and char.isalnum()) and char not in PSK_SPECIALS for char in psk):
        return "it has a character that is neither a letter, a digit nor one of the special characters"
    kinds = {"upper case letters": any(c.isupper() for c in psk), "lower case letters": any(c.islower() for c in psk),
             "digits": any(c.isdigit() for c in psk), "special characters": any(c in PSK_SPECIALS for c in psk)}
    if sum(kinds.values()) < 3:
        present = [kind for kind, found in kinds.items() if found]
        return "it has only %s" % (" and ".join(present) or "no letters, digits or special characters")
    return None


def psk_is_complex(psk: str) -> bool:
    """8 to 128 characters of the allowed ones, of at least three kinds."""
    return psk_problem(psk) is None


def check_psk(option: str, psk: Optional[str]) -> None:
    """Messages say which rule failed and never quote the key."""
    if psk is not None:
        problem = psk_problem(psk)
        validation.check(problem is None, option, "%s; %s." % (PSK_RULE, problem))


# The reference gives each call its own list of the special characters a key may hold ("Creating a VPN
# Connection", "Creating VPN Connections in Batches", "Updating a VPN Connection"): a key is checked against the
# list of the call that will carry it, before any write. PSK_SPECIALS is their union.
PSK_SPECIALS_BY_CALL = {
    "create": frozenset("~!@#$%^*()-_+={},/;:"),
    "batch-create": frozenset("~!@#$%^*()-_+={},./:;"),
    "update": frozenset("~!@#$%^&*()-_+={},./;"),
}
PSK_CALLS = {"create": "creates a connection", "batch-create": "creates connections in a batch",
             "update": "updates a connection"}


def check_psk_for_call(option: str, psk: Optional[str], call: str) -> None:
    """The key's special characters are ones the API takes in `call`; the message lists the allowed ones, never
    the key's."""
    if psk is not None:
        allowed = PSK_SPECIALS_BY_CALL[call]
        validation.check(all((c.isascii() and c.isalnum()) or c in allowed for c in psk), option,
                         "holds a special character the API does not take when it %s: there it takes only %s."
                         % (PSK_CALLS[call], "".join(sorted(allowed))))


# -- tunnel interface addresses -------------------------------------------------------------------------------

TUNNEL_RANGE = ipaddress.ip_network("169.254.0.0/16")
TUNNEL_EXCLUDED = ipaddress.ip_network("169.254.195.0/24")


def interface(value: str) -> str:
    """A tunnel interface address (169.254.1.1/30) in canonical form; not its network."""
    return str(ipaddress.ip_interface(str(value)))


def tunnel_interface(option: str, value: str) -> ipaddress.IPv4Interface:
    try:
        address = ipaddress.IPv4Interface(value)
    except ValueError:
        raise ValidationError(option, "%r is not an IPv4 address with its mask, such as 169.254.76.1/30." % (value,))
    network = address.network
    validation.check(network.prefixlen == 30, option, "%s must have a mask length of 30." % value)
    validation.check(network.subnet_of(TUNNEL_RANGE) and not network.subnet_of(TUNNEL_EXCLUDED), option,
                     "%s must be in 169.254.0.0/16 and not in 169.254.195.0/24." % value)
    validation.check(address.ip not in (network.network_address, network.broadcast_address), option,
                     "%s is not a host address of %s." % (value, network))
    return address


def check_tunnel_addresses(local: Optional[str], peer: Optional[str]) -> None:
    if local is None and peer is None:
        return
    validation.check(local is not None, "tunnel_local_address", "must be set with tunnel_peer_address.")
    validation.check(peer is not None, "tunnel_peer_address", "must be set with tunnel_local_address.")
    local_address = tunnel_interface("tunnel_local_address", local)
    peer_address = tunnel_interface("tunnel_peer_address", peer)
    validation.check(local_address.network == peer_address.network, "tunnel_peer_address",
                     "%s is not in the CIDR block of tunnel_local_address (%s)." % (peer, local_address.network))
    validation.check(local_address.ip != peer_address.ip, "tunnel_peer_address",
                     "must differ from tunnel_local_address.")


# -- identities -----------------------------------------------------------------------------------------------

IDENTITY_FORBIDDEN = frozenset("&<>[]\\")


def check_identity(kind: str, id_type: str, value: Optional[str]) -> None:
    """ikepolicy.<kind>_id against its type (ip, fqdn or, for the peer, any)."""
    option = "ikepolicy.%s_id" % kind
    if id_type == "any":
        validation.check(value is None, option, "cannot be set when %s_id_type is any." % kind)
    elif id_type == "ip":
        validation.ip_address(option, value, version=4)
    else:
        validation.check(value is not None, option, "is needed when %s_id_type is fqdn." % kind)
        validation.check(len(value) <= 255 and not IDENTITY_FORBIDDEN & set(value) and
                         not any(c.isspace() for c in value), option,
                         "an FQDN identity is at most 255 characters without spaces or any of & < > [ ] \\.")


# -- a gateway's two addresses ---------------------------------------------------------------------------------

# A gateway's addresses by network type, first then second: a site has one connection to each, and vgw_ip may name
# one by its place. In active-standby mode the connection of the first (active) address is master, the second's is
# slave; in active-active mode every connection is master (the API's default).
GATEWAY_ADDRESSES = {"public": ("eip1", "eip2"), "private": ("access_private_ip_1", "access_private_ip_2")}
ADDRESS_SLOTS = {name: (network, slot) for network, names in GATEWAY_ADDRESSES.items()
                 for slot, name in enumerate(names, 1)}
HA_ROLES = ("master", "slave")


def ha_role(ha_mode: str, slot: int) -> str:
    """The ha_role of the connection of a gateway's address 1 or 2."""
    return HA_ROLES[0] if ha_mode != "active-standby" else HA_ROLES[slot - 1]


# -- policy rules ---------------------------------------------------------------------------------------------

MAX_POLICY_RULES = 5


def policy_rules_form(rules: Optional[list]) -> list:
    """Policy rules as compared: sources are unique, so the rules are a set keyed by source; destinations are a
    set of CIDR blocks; the deprecated rule_index is the API's."""
    return sorted(({"source": cidr(rule["source"]), "destination": cidr_set(rule.get("destination"))}
                   for rule in rules or []), key=lambda rule: rule["source"])


def policy_rules_body(rules: list) -> list:
    return [{"source": rule["source"], "destination": list(rule["destination"])} for rule in rules]


def check_policy_rules(option: str, rules: Optional[list], version: int) -> None:
    if rules is None:
        return
    validation.check(len(rules) <= MAX_POLICY_RULES, option, "%d rules given; a connection has at most %d." % (
        len(rules), MAX_POLICY_RULES))
    sources = []
    for index, rule in enumerate(rules):
        where = "%s[%d]" % (option, index)
        sources.append(validation.cidr(where + ".source", rule["source"], version))
        validation.cidrs(where + ".destination", rule["destination"], version=version, max_items=50, min_items=1)
    duplicates = sorted(set(str(s) for s in sources if sources.count(s) > 1))
    validation.check(not duplicates, option, "each rule needs its own source; repeated: %s." % ", ".join(duplicates))
