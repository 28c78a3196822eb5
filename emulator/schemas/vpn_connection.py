"""Bodies of 4.1.3: VPN connections (create, batch create, update)."""

from __future__ import annotations

from typing import Any, Dict

from .common import NAME, TAGS, UUID, envelope, obj

STYLES = ["policy", "static", "bgp", "policy-template"]
# Tables 4-122 and 4-124: the SM algorithms (sm3, sm4) are the GM specification's; the handler checks which
# gateway may use which.
AUTHENTICATION = {"enum": ["sha2-512", "sha2-384", "sha2-256", "sha1", "md5", "sm3"]}
ENCRYPTION = {"enum": ["aes-256-gcm-16", "aes-128-gcm-16", "aes-256", "aes-192", "aes-128", "3des", "sm4"]}
DH_GROUPS = ["group1", "group2", "group5", "group14", "group15", "group16", "group19", "group20", "group21"]
# "The value can contain a maximum of 255 case-sensitive characters"; the handler checks the characters.
IDENTITY = {"type": "string", "minLength": 1, "maxLength": 255}
CIDRS_50 = {"type": "array", "maxItems": 50, "items": {"type": "string", "minLength": 1, "maxLength": 64}}

POLICY_RULE = obj({
    "rule_index": {"type": "integer", "minimum": 0, "maximum": 50},
    "source": {"type": "string", "minLength": 1, "maxLength": 64},
    "destination": CIDRS_50,
})
POLICY_RULES = {"type": "array", "maxItems": 5, "items": POLICY_RULE}

DPD = obj({
    "timeout": {"type": "integer", "minimum": 2, "maximum": 60},
    "interval": {"type": "integer", "minimum": 10, "maximum": 3600},
    "msg": {"enum": ["seq-hash-notify", "seq-notify-hash"]},
})

_IKE_POLICY: Dict[str, Any] = {
    "ike_version": {"enum": ["v1", "v2"]},
    "phase1_negotiation_mode": {"enum": ["main", "aggressive"]},
    "authentication_algorithm": AUTHENTICATION,
    "encryption_algorithm": ENCRYPTION,
    "dh_group": {"enum": DH_GROUPS},
    "authentication_method": {"enum": ["pre-share", "digital-envelope-v2"]},
    "lifetime_seconds": {"type": "integer", "minimum": 60, "maximum": 604800},
    # Tables 4-122/4-178: ip and fqdn for the local end; the peer end may also be any (response table 4-178).
    "local_id_type": {"enum": ["ip", "fqdn"]},
    "local_id": IDENTITY,
    "peer_id_type": {"enum": ["ip", "fqdn", "any"]},
    "peer_id": IDENTITY,
    "dpd": DPD,
}
IKE_POLICY = obj(_IKE_POLICY)
# Table 4-172 (UpdateIkePolicy): the authentication method cannot be changed.
UPDATE_IKE_POLICY = obj({k: v for k, v in _IKE_POLICY.items() if k != "authentication_method"})

IPSEC_POLICY = obj({
    "authentication_algorithm": AUTHENTICATION,
    "encryption_algorithm": ENCRYPTION,
    "pfs": {"enum": DH_GROUPS + ["disable"]},
    "transform_protocol": {"enum": ["esp"]},
    "lifetime_seconds": {"type": "integer", "minimum": 30, "maximum": 604800},
    "encapsulation_mode": {"enum": ["tunnel"]},
})

# "A string of 8 to 128 characters" of three kinds: the handler checks it, so that no schema message ever
# quotes the key.
PSK = {"type": "string"}
TUNNEL_ADDRESS = {"type": "string", "minLength": 1, "maxLength": 18}

CONNECTION = obj({
    "name": NAME,
    "vgw_id": UUID,
    # An EIP id (public gateway) or an IPv4 address (private gateway): the handler tells which.
    "vgw_ip": {"type": "string", "minLength": 1, "maxLength": 36},
    "style": {"enum": STYLES},
    "cgw_id": UUID,
    "peer_subnets": CIDRS_50,
    "peer_subnets_v6": CIDRS_50,
    "tunnel_local_address": TUNNEL_ADDRESS,
    "tunnel_peer_address": TUNNEL_ADDRESS,
    "enable_nqa": {"type": "boolean"},
    "enable_hub": {"type": "boolean"},
    "psk": PSK,
    "policy_rules": POLICY_RULES,
    "policy_rules_v6": POLICY_RULES,
    "ikepolicy": IKE_POLICY,
    "ipsecpolicy": IPSEC_POLICY,
    "ha_role": {"enum": ["master", "slave"]},
    "tags": TAGS,
}, ["vgw_id", "vgw_ip", "cgw_id"])

CREATE = envelope("vpn_connection", CONNECTION)

# 4.1.3.2: one or two connections of one gateway.
BATCH_CREATE = obj({"vpn_connections": {"type": "array", "minItems": 1, "maxItems": 2, "items": CONNECTION}},
                   ["vpn_connections"])

UPDATE = envelope("vpn_connection", obj({
    "name": NAME,
    "cgw_id": UUID,
    "peer_subnets": CIDRS_50,
    "peer_subnets_v6": CIDRS_50,
    "tunnel_local_address": TUNNEL_ADDRESS,
    "tunnel_peer_address": TUNNEL_ADDRESS,
    "enable_hub": {"type": "boolean"},
    "psk": PSK,
    "policy_rules": POLICY_RULES,
    "policy_rules_v6": POLICY_RULES,
    "ikepolicy": UPDATE_IKE_POLICY,
    "ipsecpolicy": IPSEC_POLICY,
}))
