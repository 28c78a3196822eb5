"""4.1.2 Customer gateways: create, query, list (marker paging), update name and CA certificate, delete."""

from __future__ import annotations

import ipaddress
import re
import uuid
from typing import Any, Dict

from ..certs import parse_certificate
from ..errors import ApiError, invalid
from ..routing import Context, Reply, Routes
from ..schemas import customer_gateway as schemas
from ..store import utc_timestamp
from . import common

routes = Routes()
COLLECTION = "customer_gateways"
BASE = "/v5/<project_id>/customer-gateways"
# "Spaces and the following special characters are not supported: & < > [ ] \ ?"
_FQDN_FORBIDDEN = re.compile(r"[\s&<>\[\]\\?]")


def _ca_certificate(spec: Dict[str, Any]) -> Dict[str, Any]:
    if "content" not in spec:
        raise invalid("ca_certificate.content is mandatory")
    parsed = parse_certificate(spec["content"], "ca_certificate", require_ca=True)
    info = parsed.info()
    return {"id": spec.get("id") or str(uuid.uuid4()), "serial_number": info["serial_number"],
            "signature_algorithm": info["signature_algorithm"], "issuer": info["issuer"],
            "subject": info["subject"], "expire_time": info["expire_time"], "is_updatable": True,
            "_fingerprint": parsed.fingerprint}


def view(record: Dict[str, Any]) -> Dict[str, Any]:
    out = common.render(record)
    if "ca_certificate" in out:
        out["ca_certificate"] = {k: v for k, v in out["ca_certificate"].items() if not k.startswith("_")}
    return out


def in_use(store: Any, gateway_id: str) -> bool:
    return bool(store.find("vpn_connections", cgw_id=gateway_id))


@routes.post(BASE, schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "customer_gateway")
    common.check_quota(store, "customer_gateway",
                       ApiError(400, "VPN.0001", "invalid request: the customer gateway quota is used up"))
    id_type = body.get("id_type", "ip")
    id_value = body["id_value"]
    if id_type == "ip":
        try:
            ipaddress.IPv4Address(id_value)
        except ValueError:
            raise invalid(f"id_value {id_value!r} is not an IPv4 address in dotted decimal notation") from None
    else:
        if _FQDN_FORBIDDEN.search(id_value):
            raise invalid("id_value of type fqdn cannot contain spaces or any of & < > [ ] \\ ?")
        if "bgp_asn" in body:
            raise invalid("bgp_asn can be set only when id_type is ip")
    duplicate = [g for g in store.all(COLLECTION) if g["id_type"] == id_type and g["id_value"] == id_value
                 and g.get("bgp_asn") == body.get("bgp_asn")]
    if duplicate:
        raise invalid(f"a customer gateway with id_value {id_value} and the same BGP ASN already exists: "
                      f"{duplicate[0]['id']}")
    tags = body.get("tags", [])
    if len({t["key"] for t in tags}) != len(tags):
        raise invalid("tags contain a duplicate key")
    now = store.creation_time()
    record: Dict[str, Any] = {"id": str(uuid.uuid4()), "name": body.get("name") or common.generated_name("cgw"),
                              "id_type": id_type, "id_value": id_value, "created_at": now, "updated_at": now,
                              "tags": tags}
    if "bgp_asn" in body:
        record["bgp_asn"] = body["bgp_asn"]
    if "ca_certificate" in body:
        record["ca_certificate"] = _ca_certificate(body["ca_certificate"])
    store.insert(COLLECTION, record)
    return Reply(201, {"customer_gateway": view(record)})


@routes.get(BASE)
def list_gateways(ctx: Context) -> Reply:
    records = ctx.store.all(COLLECTION)
    page, info = common.page_by_marker(ctx, records)
    return Reply(200, {"customer_gateways": [view(r) for r in page], "total_count": len(records),
                       "page_info": info})


@routes.get(BASE + "/<customer_gateway_id>")
def show(ctx: Context) -> Reply:
    record = common.require(ctx.store.get(COLLECTION, ctx.params["customer_gateway_id"]), "customer gateway",
                            ctx.params["customer_gateway_id"])
    return Reply(200, {"customer_gateway": view(record)})


@routes.put(BASE + "/<customer_gateway_id>", schema=schemas.UPDATE)
def update(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "customer_gateway")
    record = common.require(store.get(COLLECTION, ctx.params["customer_gateway_id"]), "customer gateway",
                            ctx.params["customer_gateway_id"])
    if "ca_certificate" in body:
        certificate = _ca_certificate(body["ca_certificate"])
        current = record.get("ca_certificate")
        if current and not current.get("is_updatable", True):
            raise invalid("the CA certificate of this customer gateway cannot be updated")
        if current:
            certificate["id"] = current["id"]
        record["ca_certificate"] = certificate
    if "name" in body:
        record["name"] = body["name"]
    record["updated_at"] = utc_timestamp()
    return Reply(200, {"customer_gateway": view(record)})


@routes.delete(BASE + "/<customer_gateway_id>")
def delete(ctx: Context) -> Reply:
    store, record_id = ctx.store, ctx.params["customer_gateway_id"]
    common.require(store.get(COLLECTION, record_id), "customer gateway", record_id)
    if in_use(store, record_id):
        raise invalid(f"customer gateway {record_id} has connection")
    store.remove(COLLECTION, record_id)
    return Reply(204)
