# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Looking up the resources a module refers to (a connection's gateway, a monitor's connection) by id or by
name. Read-only: used by modules' resolve() hooks and by *_info filters.

A parent named by a task that the API does not know raises MissingParent. Outside check mode it is the task's
error. In check mode the parent may be planned by an earlier task of the same run (a gateway task that only
reported a planned create): Task then plans the child under it (a create) instead of failing, and says so in the
result's `planned_parent`. A parent given by id is never planned: an id names something that exists."""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, pagination
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, MissingReference


class MissingParent(MissingReference):
    """A parent the task names that does not exist (yet): `parent` says which, as `VPN gateway 'x'`. Outside check
    mode it is a MissingReference like any other (nothing to delete under it, nothing to list)."""

    def __init__(self, option: str, message: str, parent: str) -> None:
        super().__init__(option, message)
        self.parent = parent

    def planned(self) -> str:
        """What a check run reports about the parent it plans under."""
        return "%s (not found: planned by an earlier task in this check run, or mistyped)" % self.parent


def missing(option: str, kind: str, name: str) -> MissingParent:
    return MissingParent(option, "There is no %s named %r." % (kind, name), "%s %r" % (kind, name))


def by_name(client, path, list_key, name, kind, option, style=pagination.NOT_PAGED, query=None):
    """The one resource of a list with this name; fails naming `option` when there is none (MissingParent), or
    when there are several."""
    matches = [item for item in pagination.iterate(client, path, list_key, style, query) if item.get("name") == name]
    if not matches:
        raise missing(option, kind, name)
    if len(matches) > 1:
        raise HwcError("%d %ss are named %r: give the id instead (%s)." % (
            len(matches), kind, name, ", ".join(sorted(item["id"] for item in matches))))
    return matches[0]


def by_id(client, path, body_key, resource_id, kind, option):
    found = api.get_or_none(client, "%s/%s" % (path, path_quote(resource_id)), body_key)
    if found is None:
        raise MissingReference(option, "There is no %s with id %s." % (kind, resource_id))
    return found


def gateway(client, gateway_id=None, name=None):
    """A VPN gateway by id (option vgw_id), else by name (option vgw_name; the gateway list is not paged)."""
    if gateway_id:
        return by_id(client, api.VPN_GATEWAYS, "vpn_gateway", gateway_id, "VPN gateway", "vgw_id")
    return by_name(client, api.VPN_GATEWAYS, "vpn_gateways", name, "VPN gateway", "vgw_name")


def p2c_gateway(client, name):
    """A P2C VPN gateway by name (option p2c_vgw_name)."""
    return by_name(client, api.P2C_GATEWAYS, "p2c_vpn_gateways", name, "P2C VPN gateway", "p2c_vgw_name",
                   pagination.MARKER)


def customer_gateway(client, gateway_id=None, name=None):
    """A customer gateway by id (option cgw_id), else by name (option cgw_name)."""
    if gateway_id:
        return by_id(client, api.CUSTOMER_GATEWAYS, "customer_gateway", gateway_id, "customer gateway", "cgw_id")
    return by_name(client, api.CUSTOMER_GATEWAYS, "customer_gateways", name, "customer gateway", "cgw_name",
                   pagination.MARKER)


def connection(client, name, vgw_id=None):
    """A VPN connection by name (option vpn_connection_name), within one gateway when vgw_id is given."""
    return by_name(client, api.VPN_CONNECTIONS, "vpn_connections", name, "VPN connection", "vpn_connection_name",
                   pagination.MARKER, {"vgw_id": vgw_id} if vgw_id else None)
