"""The emulated API, one module per resource family. Each module has `routes`, and may have `install(store)`
to register what must happen when its records go."""

from __future__ import annotations

from typing import List

from ..routing import Routes
from ..store import Store
from . import (access_policies, connection_monitors, customer_gateways, iam, p2c_gateways, quotas, statuses, tags,
               vpn_connections, vpn_gateways, vpn_servers, vpn_users)

MODULES = [iam, vpn_gateways, customer_gateways, vpn_connections, connection_monitors, p2c_gateways, vpn_servers,
           vpn_users, access_policies, tags, quotas, statuses]
ALL_ROUTES: List[Routes] = [module.routes for module in MODULES]


def install_hooks(store: Store) -> None:
    for module in MODULES:
        install = getattr(module, "install", None)
        if install is not None:
            install(store)
