"""Bodies of 4.1.1: VPN gateways, their specification change, certificates and upgrades."""

from __future__ import annotations

from .common import (ASN, AUTHENTICATION, CIDR_LIST, DH_GROUP, ENCRYPTION, ENTERPRISE_PROJECT_ID, NAME, TAGS,
                     UUID, envelope, obj)

FLAVORS = ["Basic", "Professional1", "Professional2", "GM", "Professional1-NonFixedIP", "Professional2-NonFixedIP"]

EIP = obj({
    "id": UUID,
    "type": {"type": "string", "minLength": 1},
    "charge_mode": {"enum": ["bandwidth", "traffic"]},
    "bandwidth_size": {"type": "integer", "minimum": 1, "maximum": 1000},
    "bandwidth_name": NAME,
    "bandwidth_id": UUID,
})

POLICY_TEMPLATE = obj({
    "ike_policy": obj({"encryption_algorithm": ENCRYPTION, "dh_group": DH_GROUP,
                       "authentication_algorithm": AUTHENTICATION,
                       "lifetime_seconds": {"type": "integer", "minimum": 60, "maximum": 604800}}),
    "ipsec_policy": obj({"authentication_algorithm": AUTHENTICATION, "encryption_algorithm": ENCRYPTION,
                         "pfs": DH_GROUP, "lifetime_seconds": {"type": "integer", "minimum": 30, "maximum": 604800}}),
})

CREATE = envelope("vpn_gateway", obj({
    "name": NAME,
    "network_type": {"enum": ["public", "private"]},
    "attachment_type": {"enum": ["vpc", "er"]},
    "ip_version": {"enum": ["ipv4", "ipv6"]},
    "er_id": UUID,
    "vpc_id": UUID,
    "local_subnets": {**CIDR_LIST, "maxItems": 50},
    "local_subnets_v6": {**CIDR_LIST, "maxItems": 50},
    "connect_subnet": UUID,
    "bgp_asn": ASN,
    "flavor": {"enum": FLAVORS},
    "availability_zone_ids": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 2},
    "enterprise_project_id": ENTERPRISE_PROJECT_ID,
    "eip1": EIP,
    "eip2": EIP,
    "access_vpc_id": UUID,
    "access_subnet_id": UUID,
    "ha_mode": {"enum": ["active-active", "active-standby"]},
    "access_private_ip_1": {"type": "string"},
    "access_private_ip_2": {"type": "string"},
    "tags": TAGS,
}))

UPDATE = envelope("vpn_gateway", obj({
    "name": NAME,
    "local_subnets": {**CIDR_LIST, "maxItems": 50},
    "local_subnets_v6": {**CIDR_LIST, "maxItems": 50},
    "eip_id_1": UUID,
    "eip_id_2": UUID,
    "policy_template": POLICY_TEMPLATE,
}))

UPDATE_SPECIFICATION = envelope("vpn_gateway", obj({"flavor": {"enum": FLAVORS}}, ["flavor"]))

_CERT_NAME = {"type": "string", "pattern": r"^[A-Za-z0-9_.\-]{3,63}$"}
_PEM_4K = {"type": "string", "minLength": 1, "maxLength": 4096}
_PEM_8K = {"type": "string", "minLength": 1, "maxLength": 8192}

CREATE_CERTIFICATE = envelope("certificate", obj({
    "name": _CERT_NAME, "certificate": _PEM_4K, "private_key": _PEM_4K, "certificate_chain": _PEM_8K,
    "enc_certificate": _PEM_4K, "enc_private_key": _PEM_4K,
}, ["certificate", "private_key", "certificate_chain", "enc_certificate", "enc_private_key"]))

UPDATE_CERTIFICATE = envelope("certificate", obj({
    "name": _CERT_NAME, "certificate": _PEM_4K, "private_key": _PEM_4K, "certificate_chain": _PEM_8K,
    "enc_certificate": _PEM_4K, "enc_private_key": _PEM_4K,
}))

UPGRADE = obj({"action": {"enum": ["start", "finish", "rollback"]}}, ["action"])
