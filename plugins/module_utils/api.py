# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The API's constants in one place: the paths of each resource family, the lifecycle of each resource type, and
how the API says that a resource is not there.

Paths carry {project_id}, which the client fills in; ids are appended with client.path_quote. Comments name the API's
operations by the titles of Huawei's API reference.
"""

from typing import Any, Callable, Iterable, Optional

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.waiter import Lifecycle

# -- paths ----------------------------------------------------------------------------------------------------

VPN_GATEWAYS = "/v5/{project_id}/vpn-gateways"
CUSTOMER_GATEWAYS = "/v5/{project_id}/customer-gateways"
VPN_CONNECTIONS = "/v5/{project_id}/vpn-connection"  # singular: creating one, and the item paths
VPN_CONNECTIONS_BATCH_CREATE = "/v5/{project_id}/vpn-connections/batch-create"  # Creating VPN Connections in Batches
CONNECTION_MONITORS = "/v5/{project_id}/connection-monitors"
P2C_GATEWAYS = "/v5/{project_id}/p2c-vpn-gateways"
VPN_SERVERS = P2C_GATEWAYS + "/vpn-servers"  # a server's own paths: VPN_SERVERS/{vpn_server_id}/...
ALL_VPN_SERVERS = "/v5/{project_id}/vpn-servers"  # every server of the project
VPN_GATEWAY_AZS = VPN_GATEWAYS + "/availability-zones"  # AZs per flavor and attachment
VPN_GATEWAY_AZS_V51 = "/v5.1/{project_id}/vpn-gateways/availability-zones"  # flavors and IP versions per AZ
QUOTAS = "/v5/{project_id}/vpn/quotas"
# The tag service's paths start with the resource type (vpn-gateway, customer-gateway, vpn-connection,
# p2c-vpn-gateways): RESOURCE_TYPE % type, then /tags, /{id}/tags/create, /resource-instances/filter, ...
RESOURCE_TYPE = "/v5/{project_id}/%s"

# -- lifecycles -----------------------------------------------------------------------------------------------

# What to do about a status in which the service refuses every change (Lifecycle.blocked).
FROZEN = ("It is frozen (the account is in arrears, or the service froze the resource) and the service refuses every "
          "change to it: unfreeze it (Huawei Cloud console, Billing Center), then run the task again.")
UPGRADE_CONFIRM = ("Its upgrade waits for confirmation and the service refuses every other change to it: finish the "
                   "upgrade or roll it back with hwcloud.vpn.vpn_gateway_upgrade (action finish or rollback), then run "
                   "the task again.")
# A VPN gateway (the API spells a frozen S2C gateway FREEZED); UPGRADING and ROLLING_BACK are waited through.
VPN_GATEWAY = Lifecycle(ready=("ACTIVE",), failed=("FAULT",),
                        pending=("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "UPGRADING", "ROLLING_BACK"),
                        blocked={"FREEZED": FROZEN, "PENDING_UPGRADE_CONFIRM": UPGRADE_CONFIRM})
# A VPN connection: DOWN is configured but not negotiated yet, which is as ready as the API gets. ERROR and UNKNOWN
# are not waited on: nothing the task does changes them.
VPN_CONNECTION = Lifecycle(ready=("ACTIVE", "DOWN"), failed=("ERROR", "UNKNOWN"),
                           pending=("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE"), blocked={"FREEZED": FROZEN})
# The certificate of a GM VPN gateway.
VPN_GATEWAY_CERTIFICATE = Lifecycle(ready=("BOUND",), failed=("FAULT",), pending=("BINDING",))
# A connection monitor.
CONNECTION_MONITOR = Lifecycle(ready=("ACTIVE",), pending=("PENDING_CREATE", "PENDING_DELETE"))
# A P2C VPN gateway (a frozen one is FROZEN).
P2C_GATEWAY = Lifecycle(ready=("ACTIVE",), failed=("FAULT",),
                        pending=("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "UPGRADING", "ROLLING_BACK"),
                        blocked={"FROZEN": FROZEN, "PENDING_UPGRADE_CONFIRM": UPGRADE_CONFIRM})
# A VPN server.
VPN_SERVER = Lifecycle(ready=("ACTIVE",), failed=("FAULT",), pending=("PENDING_CREATE", "PENDING_UPDATE"),
                       blocked={"FROZEN": FROZEN})


def refuse_blocked(resource: Optional[dict], lifecycle: Lifecycle, what: str) -> None:
    """Fail at once when the resource is in a status in which the service refuses changes, saying what to do."""
    advice = lifecycle.advice(resource)
    if advice:
        raise HwcError("%s %s is %s. %s" % (what, (resource or {}).get("id", ""), lifecycle.status(resource), advice))

# -- not found ------------------------------------------------------------------------------------------------


# The codes some APIs answer with status 400 instead of 404 for a resource that is not there.
ACCESS_POLICY_NOT_FOUND = ("VPN.1401",)
CLIENT_CA_CERTIFICATE_NOT_FOUND = ("VPN.1115",)
# Tearing down a P2C connection: the client left by itself meanwhile (or a retried request had already done it).
P2C_CONNECTION_NOT_FOUND = ("VPN.0563",)


def not_found(error: ApiError, codes: Iterable[str] = ()) -> bool:
    """Whether an API error says the resource is not there: 404, or one of the resource's own codes."""
    return error.status == 404 or error.error_code in tuple(codes)


def or_none(read: Callable[[], Any], codes: Iterable[str] = ()) -> Optional[Any]:
    """read(), or None when the API says that what it reads is not there."""
    try:
        return read()
    except ApiError as error:
        if not_found(error, codes):
            return None
        raise


def get_or_none(client: Any, path: str, body_key: str, codes: Iterable[str] = ()) -> Optional[dict]:
    """The resource at `path` (under `body_key` in the answer), or None when the API says it is not there; an
    answer without `body_key` is an error, not an absent resource."""
    return or_none(lambda: client.read(path, body_key), codes)
