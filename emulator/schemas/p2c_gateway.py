"""Bodies of 4.2.1 and 4.2.2.11: P2C VPN gateways and their connection log configuration."""

from __future__ import annotations

from .common import ENTERPRISE_PROJECT_ID, NAME, TAGS, UUID, envelope, obj

# "1 to 64 characters, which can contain digits, letters, underscores (_), and hyphens (-)": no periods.
P2C_NAME = {"type": "string", "pattern": r"^[A-Za-z0-9_\-]{1,64}$"}
FLAVORS = ["Professional1"]

EIP = obj({
    "id": UUID,
    "type": {"type": "string", "maxLength": 36},
    "charge_mode": {"enum": ["bandwidth", "traffic"]},
    "bandwidth_size": {"type": "integer", "minimum": 1, "maximum": 300},
    # The reference's own example sends "bandwidth_name": "" for a generated name.
    "bandwidth_name": {"anyOf": [NAME, {"const": ""}]},
})

CREATE = envelope("p2c_vpn_gateway", obj({
    "name": P2C_NAME,
    "vpc_id": UUID,
    "connect_subnet": UUID,
    "flavor": {"enum": FLAVORS},
    "availability_zone_ids": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 2},
    "eip": EIP,
    "max_connection_number": {"type": "integer", "minimum": 1, "maximum": 500},
    "enterprise_project_id": ENTERPRISE_PROJECT_ID,
    "tags": TAGS,
}, ["vpc_id", "connect_subnet", "eip"]))

UPDATE = envelope("p2c_vpn_gateway", obj({"name": P2C_NAME, "eip_id": UUID}))

LOG_CONFIG = envelope("log_config", obj({"log_group_id": {"type": "string", "minLength": 1, "maxLength": 64},
                                         "log_stream_id": {"type": "string", "minLength": 1, "maxLength": 64}},
                                        ["log_group_id", "log_stream_id"]))
