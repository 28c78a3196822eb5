"""The emulated API, one module per resource family. Each module has `routes`, and may have `install(store)`
to register what must happen when its records go."""

from __future__ import annotations

from typing import List

from ..routing import Routes
from ..store import Store
from . import customer_gateways, iam, quotas, tags, vpn_gateways

MODULES = [iam, vpn_gateways, customer_gateways, tags, quotas]
ALL_ROUTES: List[Routes] = [module.routes for module in MODULES]


def install_hooks(store: Store) -> None:
    for module in MODULES:
        install = getattr(module, "install", None)
        if install is not None:
            install(store)
