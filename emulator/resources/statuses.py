"""A control path for tests that sets a resource's status, as the service would after something outside the API
happened: a tunnel came up or failed (the data-plane tests report what strongSwan shows), an account was frozen, a
gateway failed.

POST /_emulator/statuses/<resource type>/<id> {"status": "DOWN"}

The status must be one the reference documents for that resource type. The resource then keeps it: any status
change still scheduled (a pending create or update settling) is dropped.
"""

from __future__ import annotations

import time
from typing import Dict, Tuple

from ..errors import invalid
from ..routing import Context, Reply, Routes
from . import common

routes = Routes()
control = Routes()

_GATEWAY = ("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "UPGRADING", "ROLLING_BACK",
            "PENDING_UPGRADE_CONFIRM", "ACTIVE", "FAULT")
# Resource type in the path: (collection, the statuses of its status field in the reference).
STATUSES: Dict[str, Tuple[str, Tuple[str, ...]]] = {
    # 4.1.1.2 vpn_gateway.status
    "vpn-gateways": ("vpn_gateways", _GATEWAY + ("FREEZED",)),
    # 4.1.3.3 vpn_connection.status
    "vpn-connections": ("vpn_connections", ("ERROR", "ACTIVE", "DOWN", "PENDING_CREATE", "PENDING_UPDATE",
                                            "PENDING_DELETE", "FREEZED", "UNKNOWN")),
    # 4.1.4.2 connection_monitor.status
    "connection-monitors": ("connection_monitors", ("ACTIVE", "PENDING_CREATE", "PENDING_DELETE")),
    # 4.2.1.2 p2c_vpn_gateway.status
    "p2c-vpn-gateways": ("p2c_gateways", _GATEWAY + ("FROZEN",)),
    # 4.2.2.2 vpn_server.status
    "vpn-servers": ("vpn_servers", ("PENDING_CREATE", "PENDING_UPDATE", "ACTIVE", "FAULT", "FROZEN")),
}


@control.post("/_emulator/statuses/<resource_type>/<resource_id>")
def set_status(ctx: Context) -> Reply:
    """Set the status of one resource (tests only); answers the resource type, id and the status before and
    after."""
    resource_type, resource_id = ctx.params["resource_type"], ctx.params["resource_id"]
    if resource_type not in STATUSES:
        raise invalid(f"resource type {resource_type} has no status to set; one of: {', '.join(STATUSES)}")
    collection, allowed = STATUSES[resource_type]
    status = ctx.body.get("status") if isinstance(ctx.body, dict) else None
    if status not in allowed:
        raise invalid(f"status {status!r} is not a status of {resource_type}; one of: {', '.join(allowed)}")
    record = common.require(ctx.store.get(collection, resource_id), resource_type, resource_id)
    before = record["status"]
    record.pop("_phases", None)
    record["status"] = status
    if status != before:
        record["_since"] = time.time()
    return Reply(200, {"resource_type": resource_type, "id": resource_id, "status_before": before,
                       "status": status})
