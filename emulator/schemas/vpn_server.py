"""Bodies of 4.2.2: VPN servers, client configuration export and client CA certificates."""

from __future__ import annotations

from .common import envelope, obj

CIDR = {"type": "string", "minLength": 1, "maxLength": 64}
AUTH_TYPES = ["CERT", "LOCAL_PASSWORD", "IAM", "FEDERATED"]
# "1 to 64 characters, which can contain digits, letters, underscores (_), and hyphens (-)"
CA_NAME = {"type": "string", "pattern": r"^[A-Za-z0-9_\-]{1,64}$"}
CA_CERTIFICATE = obj({"name": CA_NAME, "content": {"type": "string", "minLength": 1, "maxLength": 8192}}, ["content"])
DNS_SERVERS = {"type": "array", "maxItems": 2, "items": {"type": "string", "minLength": 1, "maxLength": 15}}
IDP_NAME = {"type": "string", "minLength": 1, "maxLength": 64}
SSL_COMMON = {
    "protocol": {"enum": ["TCP"]},
    "port": {"enum": [443, 1194]},
    "encryption_algorithm": {"enum": ["AES-128-GCM", "AES-256-GCM"]},
}

CREATE = envelope("vpn_server", obj({
    "tunnel_protocol": {"enum": ["SSL"]},
    "client_cidr": CIDR,
    "local_subnets": {"type": "array", "items": CIDR},
    "client_auth_type": {"enum": AUTH_TYPES},
    "server_certificate": obj({"id": {"type": "string", "minLength": 1, "maxLength": 64},
                               "source": {"enum": ["CCM", "SERVICE_SIGN"]}}),
    "client_ca_certificates": {"type": "array", "items": CA_CERTIFICATE},
    "ssl_options": obj({**SSL_COMMON, "is_compressed": {"type": "boolean"}}),
    "dns_servers": DNS_SERVERS,
    "idp_name": IDP_NAME,
}, ["client_cidr", "local_subnets"]))

# 4.2.2.3: the certificate is a CCM one given by id, and compression cannot be changed.
UPDATE = envelope("vpn_server", obj({
    "client_cidr": CIDR,
    "local_subnets": {"type": "array", "items": CIDR},
    "server_certificate": obj({"id": {"type": "string", "minLength": 1, "maxLength": 64}}, ["id"]),
    "ssl_options": obj(SSL_COMMON),
    "client_auth_type": {"enum": AUTH_TYPES},
    "dns_servers": DNS_SERVERS,
    "idp_name": IDP_NAME,
}))

EXPORT = obj({"os_type": {"enum": ["Windows", "Linux", "macOS", "Android", "iOS"]}})

CHECK_CA = envelope("client_ca_certificate", CA_CERTIFICATE)
IMPORT_CA = envelope("client_ca_certificate", CA_CERTIFICATE)
UPDATE_CA = envelope("client_ca_certificate", obj({"name": CA_NAME}, ["name"]))
