"""4.3.2 Tags: per-resource tag batches, project tags, and tag-based resource queries, for every resource
type the emulator knows."""

from __future__ import annotations

from typing import Any, Dict, List

from ..errors import ApiError
from ..routing import Context, Reply, Routes
from ..schemas import tags as schemas
from . import common

routes = Routes()

# The reference's resource_type path values and the collections holding them.
TAGGABLE = {"vpn-gateway": "vpn_gateways", "customer-gateway": "customer_gateways",
            "vpn-connection": "vpn_connections", "p2c-vpn-gateways": "p2c_gateways"}


def _resource(ctx: Context, resource_type: str) -> Dict[str, Any]:
    record = ctx.store.get(TAGGABLE[resource_type], ctx.params["resource_id"])
    return common.require(record, resource_type, ctx.params["resource_id"])


def _matches(record: Dict[str, Any], query: Dict[str, Any]) -> bool:
    tags = {t["key"]: t.get("value", "") for t in record.get("tags", [])}
    if query.get("without_any_tag") in (True, "true"):
        # "all resources without tags are queried. In this case, the tags field is ignored" (4.3.2.1); the
        # matches still apply.
        if tags:
            return False
    else:
        for wanted in query.get("tags", []):
            if wanted["key"] not in tags:
                return False
            if wanted["values"] and tags[wanted["key"]] not in wanted["values"]:
                return False
    for match in query.get("matches", []):
        # resource_name matches are fuzzy (substring), as in Huawei Cloud's tag service.
        if match["value"] not in record.get("name", ""):
            return False
    return True


def _instance(record: Dict[str, Any]) -> Dict[str, Any]:
    return {"resource_id": record["id"], "resource_name": record.get("name", ""), "resource_detail": None,
            "tags": [{"key": t["key"], "value": t.get("value", "")} for t in record.get("tags", [])]}


def _install(resource_type: str) -> None:
    collection = TAGGABLE[resource_type]
    base = f"/v5/<project_id>/{resource_type}"

    def create_tags(ctx: Context) -> Reply:
        record = _resource(ctx, resource_type)
        tags: List[Dict[str, Any]] = record.setdefault("tags", [])
        merged = {t["key"]: t.get("value", "") for t in tags}
        # "A maximum of 20 tags can be specified" is a limit of the request (the schema's), not of the resource.
        for tag in ctx.body["tags"]:
            merged[tag["key"]] = tag.get("value", "")
        record["tags"] = [{"key": k, "value": v} for k, v in merged.items()]
        return Reply(204)

    def delete_tags(ctx: Context) -> Reply:
        record = _resource(ctx, resource_type)
        doomed = {t["key"]: t.get("value") for t in ctx.body["tags"]}
        record["tags"] = [t for t in record.get("tags", [])
                          if not (t["key"] in doomed and doomed[t["key"]] in (None, t.get("value")))]
        return Reply(204)

    def show_tags(ctx: Context) -> Reply:
        return Reply(200, {"tags": _resource(ctx, resource_type).get("tags", [])}, request_id_in_body=False)

    def project_tags(ctx: Context) -> Reply:
        values: Dict[str, List[str]] = {}
        for record in ctx.store.all(collection):
            for tag in record.get("tags", []):
                bucket = values.setdefault(tag["key"], [])
                if tag.get("value", "") not in bucket:
                    bucket.append(tag.get("value", ""))
        return Reply(200, {"tags": [{"key": k, "values": v} for k, v in sorted(values.items())]},
                     request_id_in_body=False)

    def query(ctx: Context) -> List[Dict[str, Any]]:
        body = ctx.body if isinstance(ctx.body, dict) else {}
        return [r for r in sorted(ctx.store.all(collection), key=lambda r: r.get("created_at", ""))
                if _matches(r, body)]

    def filter_resources(ctx: Context) -> Reply:
        found = query(ctx)
        page = common.page_by_offset(ctx, found, default_limit=1000, max_limit=1000)
        return Reply(200, {"resources": [_instance(r) for r in page], "total_count": len(found)},
                     request_id_in_body=False)

    def count_resources(ctx: Context) -> Reply:
        return Reply(200, {"total_count": len(query(ctx))}, request_id_in_body=False)

    routes.post(base + "/<resource_id>/tags/create", schema=schemas.TAG_BATCH)(create_tags)
    routes.post(base + "/<resource_id>/tags/delete", schema=schemas.TAG_BATCH)(delete_tags)
    routes.get(base + "/<resource_id>/tags")(show_tags)
    routes.get(base + "/tags")(project_tags)
    routes.post(base + "/resource-instances/filter", schema=schemas.RESOURCE_QUERY, write=False)(filter_resources)
    routes.post(base + "/resource-instances/count", schema=schemas.RESOURCE_QUERY, write=False)(count_resources)


for resource_type_name in TAGGABLE:
    _install(resource_type_name)


@routes.post("/v5/<project_id>/<resource_type>/resource-instances/filter", write=False)
@routes.post("/v5/<project_id>/<resource_type>/resource-instances/count", write=False)
def unknown_resource_type(ctx: Context) -> Reply:
    raise ApiError(400, "VPN.0001", f"invalid request: resource_type {ctx.params['resource_type']} is not one of "
                                    f"{', '.join(TAGGABLE)}")
