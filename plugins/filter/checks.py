# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' own checks for the roles' validate.yml, so that a role refuses a topology before its first write
(a typo must not leave a billable gateway behind). Each filter returns the list of problems (empty when none); the
messages name sites and users, never a key or a password. Documented in the sidecar files checks_*.yml."""

import ipaddress

from ansible_collections.hwcloud.vpn.plugins.module_utils import ipsec, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

DEFAULT_GATEWAY_ASN = 64512  # the API's default bgp_asn of a VPN gateway


def _problem(where, check, *args):
    try:
        check(*args)
    except ValidationError as error:
        return ["%s: %s" % (where, error)]
    return []


def s2c_site_problems(sites, gateway=None):
    """The PSK, BGP ASN and tunnel-address rules of each site, and one connection per gateway address and customer
    gateway (each site has one connection per gateway address, so two sites may not share a customer gateway)."""
    gateway = gateway or {}
    gateway_asn = gateway.get("bgp_asn") or DEFAULT_GATEWAY_ASN
    problems, customers = [], {}
    for index, site in enumerate(sites or []):
        where = "s2c_vpn_sites[%d] (%s)" % (index, site.get("name"))
        if site.get("psk") is not None:
            problems += _problem(where, ipsec.check_psk, "psk", str(site["psk"]))
        if site.get("bgp_asn") is not None:
            problems += _problem(where, validation.integer_range, "bgp_asn", site["bgp_asn"], 1, 4294967295)
            if (site.get("style") or "static") == "bgp" and site["bgp_asn"] == gateway_asn:
                problems.append("%s: bgp_asn %s is the gateway's own ASN; BGP needs another one." % (where, gateway_asn))
        for number, tunnel in enumerate(site.get("tunnels") or []):
            problems += _problem("%s tunnels[%d]" % (where, number), ipsec.check_tunnel_addresses,
                                 tunnel.get("tunnel_local_address"), tunnel.get("tunnel_peer_address"))
        customers.setdefault(site.get("cgw_name") or site.get("name"), []).append(str(site.get("name")))
    for customer, names in sorted(customers.items()):
        if len(names) > 1:
            problems.append("s2c_vpn_sites %s: they share the customer gateway %s, and a gateway address takes one "
                            "connection per customer gateway." % (", ".join(names), customer))
    return problems


def p2c_problems(server, users=None, max_connection_number=None):
    """The password rules of each user, and the client CIDR block's size against the gateway's
    max_connection_number (more than four addresses per connection, the gateway and broadcast aside)."""
    problems = []
    for index, user in enumerate(users or []):
        if user.get("password"):
            problems += _problem("p2c_vpn_users[%d] (%s)" % (index, user.get("name")), p2c.check_password,
                                 "password", str(user.get("name")), str(user["password"]))
    cidr = (server or {}).get("client_cidr")
    if cidr and max_connection_number:
        try:
            network = ipaddress.ip_network(str(cidr), strict=False)
        except ValueError:
            return problems + ["p2c_vpn_server.client_cidr: %r is not a CIDR block." % (cidr,)]
        usable, needed = network.num_addresses - 2, 4 * int(max_connection_number)
        if usable <= needed:
            problems.append(
                "p2c_vpn_server.client_cidr: %s has %d usable addresses; a gateway with max_connection_number %s "
                "needs more than %d (4 per connection). Use a larger block (max_connection_number cannot be changed "
                "after the gateway is created)." % (network, usable, max_connection_number, needed))
    return problems


class FilterModule:
    def filters(self):
        return {"s2c_site_problems": s2c_site_problems, "p2c_problems": p2c_problems}
