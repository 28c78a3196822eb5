"""Bodies of 4.1.4: VPN connection monitors."""

from __future__ import annotations

from .common import UUID, envelope, obj

CREATE = envelope("connection_monitor", obj({"vpn_connection_id": UUID}, ["vpn_connection_id"]))
