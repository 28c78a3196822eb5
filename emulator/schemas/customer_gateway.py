"""Bodies of 4.1.2: customer gateways."""

from __future__ import annotations

from .common import ASN, NAME, TAGS, UUID, envelope, obj

CA_CERTIFICATE = obj({"id": UUID, "content": {"type": "string", "minLength": 1, "maxLength": 8192}})

CREATE = envelope("customer_gateway", obj({
    "name": NAME,
    "id_type": {"enum": ["ip", "fqdn"]},
    "id_value": {"type": "string", "minLength": 1, "maxLength": 128},
    "bgp_asn": ASN,
    "ca_certificate": CA_CERTIFICATE,
    "tags": TAGS,
}, ["id_value"]))

UPDATE = envelope("customer_gateway", obj({"name": NAME, "ca_certificate": CA_CERTIFICATE}))
