# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The s2c_vpn role's plan of its sites, the items of its tasks, the sites of its result, and what it made for a
gateway, in Python rather than as Jinja programs in its tasks (which Ansible compiles again in every task that
reads them, and which no unit test can reach). Each filter is documented in a sidecar file of its name."""

import os.path


def _connections(site, addresses, ha_mode):
    """One connection per gateway address, named <site>-1 and <site>-2, with the site's tunnel addresses (BGP)."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils.ipsec import ha_role

    tunnels = site.get("tunnels") or []
    connections = []
    for index, address in enumerate(addresses):
        tunnel = tunnels[index] if index < len(tunnels) and tunnels[index] else {}
        connection = {"name": "%s-%d" % (site["name"], index + 1), "vgw_ip": address}
        if ha_mode == "active-standby":
            connection["ha_role"] = ha_role(ha_mode, index + 1)
        if "tunnel_local_address" in tunnel:
            connection["tunnel_local_address"] = tunnel["tunnel_local_address"]
            connection["tunnel_peer_address"] = tunnel.get("tunnel_peer_address")
        connections.append(connection)
    return connections


def _combine(tags, more):
    combined = dict(tags or {})
    combined.update(more or {})
    return combined


def s2c_vpn_plan(sites, gateway=None, tags=None, ikepolicy=None, ipsecpolicy=None, update_psk="on_create",
                 config_dir=""):
    """What the role manages for each site, in the order of the sites, with the role's defaults applied and
    without the pre-shared keys: the role's loops go over the plan and show its items, and read a site's key as
    s2c_vpn_sites[index].psk."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils.ipsec import GATEWAY_ADDRESSES

    gateway = gateway or {}
    addresses = GATEWAY_ADDRESSES["private" if gateway.get("network_type", "public") == "private" else "public"]
    ha_mode = gateway.get("ha_mode", "active-active")
    config_dir = os.path.expanduser(config_dir) if config_dir else ""
    plan = []
    for index, site in enumerate(sites or []):
        id_type = site.get("id_type", "ip")
        plan.append({
            "index": index,
            "name": site["name"],
            "cgw_name": site.get("cgw_name", site["name"]),
            "cgw_id": site.get("cgw_id"),
            "cgw_renamed": "cgw_name" in site,
            "id_type": id_type,
            "id_value": site.get("id_value"),
            "bgp_asn": site.get("bgp_asn"),
            "style": site.get("style", "static"),
            "peer_subnets": site.get("peer_subnets", []),
            "policy_rules": site.get("policy_rules"),
            "enable_nqa": site.get("enable_nqa"),
            "enable_hub": site.get("enable_hub"),
            "ikepolicy": site.get("ikepolicy") or ikepolicy,
            "ipsecpolicy": site.get("ipsecpolicy") or ipsecpolicy,
            "monitor": site.get("monitor", False),
            "update_psk": site.get("update_psk", update_psk),
            # strongSwan's local_addrs of the site's end: its IKE identity when that is an address
            "local_addrs": site.get("local_addrs", site.get("id_value") if id_type == "ip" else "%any"),
            "tags": _combine(tags, site.get("tags")),
            "connections": _connections(site, addresses, ha_mode),
            "config_file": "%s/%s/swanctl.conf" % (config_dir, site["name"]) if config_dir else None,
        })
    return plan


def s2c_vpn_customer_gateways(plan, gateway_id, gateway_tag, site_tag):
    """The items of vpn_customer_gateway's customer_gateways, one per site in the plan's order. A site's own
    customer gateway is named after the site (or its cgw_name) and tagged as the role's, with the gateway's id and
    the site's name; an adopted one (cgw_id) keeps its tags and its name unless the site renames it, and is never
    tagged as the role's, so that the role never deletes it."""
    customer_gateways = []
    for site in plan or []:
        adopted = bool(site["cgw_id"])
        customer_gateways.append({
            "id": site["cgw_id"],
            "name": site["cgw_name"] if site["cgw_renamed"] or not adopted else None,
            "id_type": site["id_type"],
            "id_value": site["id_value"],
            "bgp_asn": site["bgp_asn"],
            "tags": None if adopted else _combine(site["tags"], {gateway_tag: gateway_id, site_tag: site["name"]}),
        })
    return customer_gateways


def s2c_vpn_built(plan, connection_results):
    """The connections that vpn_connection returned for each site (a loop's results, one per site in the plan's
    order), each with its site, the site's index and whether it wants a monitor; empty ids in check mode."""
    built = []
    for site in plan or []:
        result = connection_results[site["index"]]
        for number, connection in enumerate(result.get("vpn_connections") or []):
            built.append({"site": site["name"], "index": site["index"], "monitor": site["monitor"],
                          "name": site["connections"][number]["name"], "id": connection.get("id", "")})
    return built


def _monitor(planned, actual, monitor_results, monitors_found):
    """The monitor task's result for this connection or, where that task skipped it (its monitor as wanted
    already), the monitor listed for it."""
    for result in monitor_results or []:
        if (result.get("item") or {}).get("name") == planned["name"] and "connection_monitor" in result:
            return result["connection_monitor"]
    for monitor in monitors_found or []:
        if monitor.get("vpn_connection_id") == actual.get("id", ""):
            return monitor
    return {}


def s2c_vpn_sites_result(plan, customer_gateways=None, connection_results=None, monitor_results=None,
                         monitors_found=None):
    """The sites of s2c_vpn_result, by name: the customer gateway, connections and monitors each site has, or
    (check mode) would have: what does not exist yet has an empty id."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils.ipsec import HA_ROLES

    customer_gateways = customer_gateways or []
    connection_results = connection_results or []
    sites = {}
    for site in plan or []:
        index = site["index"]
        result = connection_results[index] if index < len(connection_results) else {}
        built = result.get("vpn_connections") or []
        connections = []
        for number, planned in enumerate(site["connections"]):
            actual = built[number] if number < len(built) else {}
            monitor = _monitor(planned, actual, monitor_results, monitors_found)
            connections.append({
                "name": planned["name"],
                "id": actual.get("id", ""),
                "vgw_ip": actual.get("vgw_ip", planned["vgw_ip"]),
                "ha_role": actual.get("ha_role", planned.get("ha_role", HA_ROLES[0])),
                "status": actual.get("status", ""),
                "tunnel_local_address": actual.get("tunnel_local_address", planned.get("tunnel_local_address")),
                "tunnel_peer_address": actual.get("tunnel_peer_address", planned.get("tunnel_peer_address")),
                "monitor_id": monitor.get("id", ""),
            })
        customer_gateway = customer_gateways[index] if index < len(customer_gateways) else {}
        sites[site["name"]] = {
            "customer_gateway_id": customer_gateway.get("id", ""),
            "customer_gateway_name": customer_gateway.get("name", site["cgw_name"]),
            "style": site["style"],
            "connections": connections,
            "connection_ids": [connection["id"] for connection in connections],
            "connection_names": [connection["name"] for connection in connections],
            "monitor_ids": [connection["monitor_id"] for connection in connections if connection["monitor_id"]],
            "config_file": site["config_file"],
        }
    return sites


def s2c_vpn_owned(connections, customer_gateways, gateway_id, gateway_tag, site_tag, except_sites=None):
    """The connections and customer gateways the role made for this gateway (tagged with its id), each with its
    site; with except_sites (the purge), only those of a site that is not in that list. A resource without the
    role's tags, or tagged for another gateway, is never among them."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils.tags import to_dict

    owned = {}
    for kind, resources in (("connections", connections), ("customer_gateways", customer_gateways)):
        owned[kind] = []
        for resource in resources or []:
            tags = to_dict(resource.get("tags"))
            if tags.get(gateway_tag, "") != gateway_id:
                continue
            if except_sites is not None and (site_tag not in tags or tags[site_tag] in except_sites):
                continue
            owned[kind].append({"id": resource.get("id"), "name": resource.get("name"),
                                "site": tags.get(site_tag, "")})
    return owned


def s2c_vpn_site_policies(site, gateway=None):
    """The IKE and IPsec policies a site's connections have, as the service applies them (the site's over the
    gateway's policy template over the service's defaults), for the strongSwan configuration of its end."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils.ipsec import effective_policies

    ike, ipsec = effective_policies(gateway or {}, site.get("style", "static"), site.get("ikepolicy"),
                                    site.get("ipsecpolicy"))
    return {"ike": ike, "ipsec": ipsec}


class FilterModule:
    def filters(self):
        return {"s2c_vpn_plan": s2c_vpn_plan, "s2c_vpn_customer_gateways": s2c_vpn_customer_gateways,
                "s2c_vpn_built": s2c_vpn_built, "s2c_vpn_sites_result": s2c_vpn_sites_result,
                "s2c_vpn_owned": s2c_vpn_owned, "s2c_vpn_site_policies": s2c_vpn_site_policies}
