# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' own checks for the roles' validate.yml, so that a role refuses a topology before its first write
(a typo must not leave a billable gateway behind). Each filter returns the list of problems (empty when none); the
messages name sites and users, never a key or a password. Documented in the sidecar files checks_*.yml.

The module_utils that the checks call are imported when a check runs, not with this file: Ansible imports every
filter file of the collection, compiling it and what it imports, in each task that uses any of the collection's
filters (roles use them in several tasks)."""

import re

DEFAULT_GATEWAY_ASN = 64512  # the API's default bgp_asn of a VPN gateway
GROUP_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
USER_NAME = re.compile(r"[A-Za-z0-9._-]{4,32}")


def _problem(where, check, *args):
    from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

    try:
        check(*args)
    except ValidationError as error:
        return ["%s: %s" % (where, error)]
    return []


def s2c_site_problems(sites, gateway=None):
    """The PSK, BGP ASN and tunnel-address rules of each site, and one connection per gateway address and customer
    gateway (each site has one connection per gateway address, so two sites may not share a customer gateway)."""
    from ansible_collections.hwcloud.vpn.plugins.module_utils import ipsec, validation

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
        # A site's customer gateway is known by its id (cgw_id) and by its name (cgw_name, else the site's name
        # when it has no cgw_id): two sites may share neither.
        for customer in (site.get("cgw_id"), site.get("cgw_name") or (None if site.get("cgw_id") else site.get("name"))):
            if customer is not None:
                customers.setdefault(str(customer), []).append(str(site.get("name")))
    for customer, names in sorted(customers.items()):
        if len(names) > 1:
            problems.append("s2c_vpn_sites %s: they share the customer gateway %s, and a gateway address takes one "
                            "connection per customer gateway." % (", ".join(names), customer))
    return problems


def p2c_problems(server, users=None, max_connection_number=None):
    """The password rules of each user, and the client CIDR block's size against the gateway's
    max_connection_number (more than four addresses per connection, the gateway and broadcast aside)."""
    import ipaddress

    from ansible_collections.hwcloud.vpn.plugins.module_utils import p2c

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


def _names(entries, key="name"):
    return [entry.get(key) for entry in entries or [] if isinstance(entry, dict)]


def _none(names):
    return ", ".join(str(name) for name in names) or "none"


def s2c_vpn_problems(sites, gateway=None, state="present"):
    """Every check of the s2c_vpn role's input that its argument specification cannot make: the gateway's name,
    one name per site, and (to build) what each site needs, then the connection rules (s2c_site_problems)."""
    gateway, sites = gateway or {}, sites or []
    problems = []
    name = gateway.get("name")
    if not (name or gateway.get("id")) or (name is not None and not isinstance(name, str)):
        problems.append("s2c_vpn_gateway: needs a name (or the id of an existing gateway).")
    names = _names(sites)
    if len(set(map(str, names))) != len(names):
        problems.append("s2c_vpn_sites: each site needs its own name; listed: %s." % ", ".join(map(str, names)))
    if state != "present":
        return problems
    no_id = [site.get("name") for site in sites if "id_value" not in site]
    no_psk = [] if gateway.get("flavor") == "GM" else [site.get("name") for site in sites if "psk" not in site]
    bgp_incomplete = [site.get("name") for site in sites if site.get("style", "static") == "bgp" and (
        "bgp_asn" not in site or len(site.get("tunnels") or []) != 2)]
    too_many = [site.get("name") for site in sites if len(site.get("tunnels") or []) > 2]
    if no_id or no_psk or bgp_incomplete or too_many:
        problems.append("s2c_vpn_sites: sites without id_value: %s; sites without psk: %s; bgp sites without bgp_asn "
                        "or two tunnels: %s; sites with more than two tunnels: %s." % (
                            _none(no_id), _none(no_psk), _none(bgp_incomplete), _none(too_many)))
    return problems + s2c_site_problems(sites, gateway)


def p2c_vpn_problems(state, gateway=None, server=None, client_ca_certificates=None, users=None, user_groups=None,
                     access_policies=None):
    """Every check of the p2c_vpn role's input that its argument specification cannot make: the gateway's name,
    and (to build) what the server is created with, which servers take CA certificates or users, the names of the
    groups, users and policies and the groups they name, then the passwords and the client CIDR block's size
    (p2c_problems). Messages name entries, never a password."""
    gateway, users, user_groups = gateway or {}, users or [], user_groups or []
    client_ca_certificates, access_policies = client_ca_certificates or [], access_policies or []
    problems = []
    if not (gateway.get("name") or gateway.get("id")):
        problems.append("p2c_vpn_gateway needs a name (or the id of an existing gateway).")
    if state != "present":
        return problems
    if not (isinstance(server, dict) and server.get("client_cidr") and server.get("local_subnets")
            and server.get("server_certificate")):
        problems.append("p2c_vpn_state=present needs p2c_vpn_server with at least client_cidr, local_subnets and "
                        "server_certificate (what a VPN server is created with).")
    server = server if isinstance(server, dict) else {}
    auth = server.get("client_auth_type") or "LOCAL_PASSWORD"
    if (auth == "CERT") != bool(client_ca_certificates):
        problems.append("p2c_vpn_client_ca_certificates: a server with client_auth_type CERT needs at least one, and "
                        "only such a server has them (p2c_vpn_server.client_auth_type is %s)." % auth)
    if auth != "LOCAL_PASSWORD" and (users or user_groups or access_policies):
        problems.append("p2c_vpn_users, p2c_vpn_user_groups and p2c_vpn_access_policies exist only on a server with "
                        "client_auth_type LOCAL_PASSWORD (p2c_vpn_server.client_auth_type is %s)." % auth)
    groups = _names(user_groups)
    if (len(set(groups)) != len(groups) or "default" in groups
            or [group for group in groups if not GROUP_NAME.fullmatch(str(group))]):
        problems.append("p2c_vpn_user_groups: each group is listed once, named with 1 to 64 letters, digits, "
                        "underscores and hyphens, and the server's own group 'default' is not listed (users without "
                        "user_group are in it).")
    known = set(groups) | {"default"}
    names = _names(users)
    bad_names = [name for name in names if not USER_NAME.fullmatch(str(name))]
    # Only the names of the users are kept: a password never reaches a message.
    lengths = [(user.get("name"), len(str(user["password"]))) for user in users if user.get("password")]
    bad_passwords = [n for n, length in lengths if length < 8] + [n for n, length in lengths if length > 32]
    unknown = sorted(set(group for group in _names(users, "user_group") if group) - known, key=str)
    if len(set(names)) != len(names) or bad_names or bad_passwords or unknown:
        problems.append(
            "p2c_vpn_users: each user is listed once (%d entries, %d names), named with 4 to 32 letters, digits, "
            "periods, underscores and hyphens (not so: %s), with a password of 8 to 32 characters when one is given "
            "(not so for: %s), in a group of p2c_vpn_user_groups or 'default' (unknown groups: %s)." % (
                len(names), len(set(names)), _none(bad_names), _none(bad_passwords), _none(unknown)))
    policies = _names(access_policies)
    unknown = sorted(set(_names(access_policies, "user_group")) - known, key=str)
    if len(set(policies)) != len(policies) or unknown:
        problems.append("p2c_vpn_access_policies: each policy is listed once, for a group of p2c_vpn_user_groups or "
                        "'default' (unknown groups: %s)." % _none(unknown))
    return problems + p2c_problems(server, users, gateway.get("max_connection_number"))


class FilterModule:
    def filters(self):
        return {"s2c_site_problems": s2c_site_problems, "p2c_problems": p2c_problems,
                "s2c_vpn_problems": s2c_vpn_problems, "p2c_vpn_problems": p2c_vpn_problems}
