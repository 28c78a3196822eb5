"""4.1.4 VPN connection monitors: create, query, list (not paged), delete. A monitor goes with its connection."""

from __future__ import annotations

import uuid
from typing import Any, Dict

from ..errors import invalid, not_ready
from ..routing import Context, Reply, Routes
from ..schemas import connection_monitor as schemas
from ..store import REMOVED, Store
from . import common, vpn_connections

routes = Routes()
COLLECTION = "connection_monitors"
BASE = "/v5/<project_id>/connection-monitors"


def _destination(store: Store, connection: Dict[str, Any]) -> str:
    """The customer gateway's address, or the tunnel's peer address when the customer gateway has none."""
    customer = store.get("customer_gateways", connection["cgw_id"]) or {}
    if customer.get("id_type") == "ip":
        return customer["id_value"]
    return connection.get("tunnel_peer_address", "").split("/")[0]


def view(record: Dict[str, Any]) -> Dict[str, Any]:
    return common.render(record)


@routes.post(BASE, schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    store = ctx.store
    connection_id = common.body_of(ctx, "connection_monitor")["vpn_connection_id"]
    connection = vpn_connections.find_connection(store, connection_id)
    if connection["status"] not in vpn_connections.SETTLED:
        raise not_ready("VPN_CONNECTION", connection_id, connection["status"])
    if store.find(COLLECTION, vpn_connection_id=connection_id):
        raise invalid(f"vpn connection {connection_id} already has a connection monitor")
    gateway = store.get(vpn_connections.GATEWAYS, connection["vgw_id"])
    record = {"id": str(uuid.uuid4()), "vpn_connection_id": connection_id, "type": "gateway",
              "source_ip": vpn_connections.gateway_address(store, gateway, connection["vgw_ip"])[1],
              "destination_ip": _destination(store, connection), "proto_type": "icmp",
              "_enterprise_project_id": connection["enterprise_project_id"]}
    store.transition(record, "PENDING_CREATE", "ACTIVE")
    store.insert(COLLECTION, record)
    created = view(record)
    created.pop("status")  # the create answer carries no status (4.1.4.1)
    return Reply(201, {"connection_monitor": created})


@routes.get(BASE)
def list_monitors(ctx: Context) -> Reply:
    projects = common.enterprise_project_filter(ctx)
    wanted = ctx.query.get("vpn_connection_id")
    monitors = [view(m) for m in ctx.store.all(COLLECTION) if wanted in (None, m["vpn_connection_id"])
                and (projects is None or m["_enterprise_project_id"] in projects)]
    return Reply(200, {"connection_monitors": monitors})


@routes.get(BASE + "/<connection_monitor_id>")
def show(ctx: Context) -> Reply:
    monitor_id = ctx.params["connection_monitor_id"]
    return Reply(200, {"connection_monitor": view(common.require(ctx.store.get(COLLECTION, monitor_id),
                                                                 "connection monitor", monitor_id))})


@routes.delete(BASE + "/<connection_monitor_id>")
def delete(ctx: Context) -> Reply:
    store, monitor_id = ctx.store, ctx.params["connection_monitor_id"]
    record = store.get(COLLECTION, monitor_id)
    if record is None:
        # The service answers 400, not 404, for a monitor that is not (or no longer) there.
        raise invalid(f"connection monitor {monitor_id} does not exist")
    if record["status"] != "ACTIVE":
        raise not_ready("CONNECTION_MONITOR", monitor_id, record["status"])
    record["status"] = "PENDING_DELETE"
    store.schedule(record, [(store.config.transition_seconds, REMOVED)])
    return Reply(204)


def _remove_monitors(store: Store, connection: Dict[str, Any]) -> None:
    for monitor in store.find(COLLECTION, vpn_connection_id=connection["id"]):
        store.remove(COLLECTION, monitor["id"])


def install(store: Store) -> None:
    store.on_remove(vpn_connections.COLLECTION, _remove_monitors)
