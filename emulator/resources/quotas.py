"""4.3.1 Quotas: the Enterprise Edition resource quotas and their use."""

from __future__ import annotations

from ..routing import Context, Reply, Routes
from . import common

routes = Routes()


@routes.get("/v5/<project_id>/vpn/quotas")
def show_quotas(ctx: Context) -> Reply:
    resources = [{"type": kind, "quota": common.quota_of(ctx.store, kind), "used": common.used_of(ctx.store, kind)}
                 for kind in ("customer_gateway", "vpn_connection", "vpn_gateway")]
    return Reply(200, {"quotas": {"resources": resources}})
