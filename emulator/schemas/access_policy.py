"""Bodies of 4.2.4: VPN access policies."""

from __future__ import annotations

from .common import UUID, envelope, obj

# The reference sets no rule for the name and description; the emulator keeps them to sensible lengths.
_NAME = {"type": "string", "minLength": 1, "maxLength": 64}
_DESCRIPTION = {"type": "string", "maxLength": 255}
_CIDRS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}}

CREATE = envelope("access_policy", obj({"name": _NAME, "user_group_id": UUID, "description": _DESCRIPTION,
                                        "dest_ip_cidrs": _CIDRS}, ["name", "user_group_id", "dest_ip_cidrs"]))
UPDATE = envelope("access_policy", obj({"name": _NAME, "user_group_id": UUID, "description": _DESCRIPTION,
                                        "dest_ip_cidrs": _CIDRS}))
