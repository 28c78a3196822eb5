# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the point-to-cloud (P2C) modules share: paths, lifecycles, finding a gateway's VPN server, and the
rules of the P2C APIs the modules check before any call (names, passwords, static IPs, CIDR blocks)."""

import ipaddress
import re

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, lookup, pagination, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, MissingReference

# "1 to 64 characters, which can contain digits, letters, underscores (_), and hyphens (-)": P2C gateways, user
# groups and client CA certificates (no periods, unlike S2C names).
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_\-]{1,64}\Z")
NAME_RULE = "1 to 64 letters, digits, underscores (_) and hyphens (-)"
USER_NAME_PATTERN = re.compile(r"^[A-Za-z0-9._\-]{4,32}\Z")
USER_NAME_RULE = "4 to 32 letters, digits, periods (.), underscores (_) and hyphens (-)"
# Names the service keeps for itself (VPN.1317), compared without case, and the prefix L3SW_.
RESERVED_USER_NAMES = ("link", "cascade", "securenat", "localbridge", "administrator")
PASSWORD_SPECIALS = "`~!@#$%^&*()-_=+\\|[{}];:'\",<.>/? "
# User descriptions: letters, digits and underscores, as the tables of "Creating a VPN User" say (an example there
# uses a hyphen; the emulator follows the tables, see docs/developing.md "Fidelity to the reference").
USER_DESCRIPTION_PATTERN = re.compile(r"^[A-Za-z0-9_]{0,64}\Z")
# Blocks that local subnets and access policy destinations cannot be (VPN.1104 and VPN.1405).
RESERVED_BLOCKS = tuple(ipaddress.ip_network(n) for n in ("0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4"))
# A client CIDR block cannot be link-local either.
CLIENT_RESERVED_BLOCKS = RESERVED_BLOCKS + (ipaddress.ip_network("169.254.0.0/16"),)


# The options that say which VPN server a user, group, policy or CA certificate belongs to: one of them.
SERVER_OPTIONS = ["vpn_server_id", "p2c_vgw_id", "p2c_vgw_name"]


def server_options():
    """The options that say which VPN server a user, group, policy or CA certificate belongs to (documented by
    the hwcloud.vpn.auth.SERVER doc fragment); modules require one of SERVER_OPTIONS and allow only one."""
    return dict(vpn_server_id=dict(type="str"), p2c_vgw_id=dict(type="str"), p2c_vgw_name=dict(type="str"))


def unknown_gateway(gateway_id):
    """The error for a p2c_vgw_id the API does not know."""
    return MissingReference("p2c_vgw_id", "There is no P2C VPN gateway with id %s." % gateway_id)


def under_gateway(gateway_id, read):
    """read() of what is under a P2C gateway (its servers, its connections); fails naming p2c_vgw_id when the API
    does not know the gateway."""
    try:
        return read()
    except ApiError as error:
        if api.not_found(error):
            raise unknown_gateway(gateway_id)
        raise


def gateway_servers(client, gateway_id):
    return list(pagination.iterate(client, "%s/%s/vpn-servers" % (api.P2C_GATEWAYS, path_quote(gateway_id)),
                                   "vpn_servers", pagination.MARKER))


def find_server(client, vpn_server_id=None, p2c_vgw_id=None, p2c_vgw_name=None):
    """The VPN server by its id, or the one of a P2C gateway given by id or name; HwcError when there is none
    (lookup.MissingParent when the gateway named or the gateway's server does not exist yet)."""
    option = "p2c_vgw_name" if p2c_vgw_name else "p2c_vgw_id"
    if p2c_vgw_name:
        p2c_vgw_id = lookup.p2c_gateway(client, p2c_vgw_name)["id"]
    if p2c_vgw_id:
        servers = under_gateway(p2c_vgw_id, lambda: gateway_servers(client, p2c_vgw_id))
        if not servers:
            raise lookup.MissingParent(option, "P2C VPN gateway %s has no VPN server yet: create it with "
                                               "hwcloud.vpn.p2c_server." % p2c_vgw_id,
                                       "the VPN server of P2C VPN gateway %s" % p2c_vgw_id)
        return servers[0]
    for server in pagination.iterate(client, api.ALL_VPN_SERVERS, "vpn_servers", pagination.MARKER):
        if server["id"] == vpn_server_id:
            return server
    raise MissingReference("vpn_server_id", "There is no VPN server with id %s." % vpn_server_id)


def resolve_server(client, params):
    """The server the options name (vpn_server_id or p2c_vgw_id); sets params["vpn_server_id"]."""
    server = find_server(client, params.get("vpn_server_id"), params.get("p2c_vgw_id"), params.get("p2c_vgw_name"))
    params["vpn_server_id"] = server["id"]
    return server


def resolve_usable_server(client, params):
    """resolve_server for a task that changes the server or what it holds: fails at once on a frozen server."""
    server = resolve_server(client, params)
    api.refuse_blocked(server, api.VPN_SERVER, "VPN server")
    return server


def check_server_options(params):
    for option in ("vpn_server_id", "p2c_vgw_id"):
        validation.uuid(option, params.get(option))
    validation.name("p2c_vgw_name", params.get("p2c_vgw_name"), pattern=NAME_PATTERN, rule=NAME_RULE)


def require_local_password(server, what):
    if server.get("client_auth_type") != "LOCAL_PASSWORD":
        raise HwcError("VPN server %s authenticates clients with %s: %s exist only on a server with "
                       "client_auth_type LOCAL_PASSWORD." % (server["id"], server.get("client_auth_type"), what))


# -- VPN users ---------------------------------------------------------------------------------------------

def check_user_name(option, name):
    validation.name(option, name, pattern=USER_NAME_PATTERN, rule=USER_NAME_RULE)
    lowered = name.lower()
    validation.check(lowered not in RESERVED_USER_NAMES and not lowered.startswith("l3sw_"), option,
                     "%r is a name the service keeps for itself (link, Cascade, SecureNAT, localbridge, "
                     "administrator and names starting with L3SW_)." % (name,))


def check_password(option, user_name, password):
    """As "Creating a VPN User" says: 8 to 32 characters of at least two kinds, only the allowed special
    characters, and neither the user name nor its reverse. Messages never quote the password."""
    if password is None:
        return
    validation.check(all(c.isascii() and (c.isalnum() or c in PASSWORD_SPECIALS) for c in password), option,
                     "contains a character other than letters, digits, spaces and %s." % PASSWORD_SPECIALS.strip())
    kinds = sum([any(c.isupper() for c in password), any(c.islower() for c in password),
                 any(c.isdigit() for c in password), any(c in PASSWORD_SPECIALS for c in password)])
    validation.check(8 <= len(password) <= 32 and kinds >= 2, option,
                     "must be 8 to 32 characters with at least two of upper-case letters, lower-case letters, "
                     "digits and special characters.")
    validation.check(password not in (user_name, user_name[::-1]), option,
                     "cannot be the user name or the user name reversed.")


def check_user_description(option, value):
    if value is not None:
        validation.check(USER_DESCRIPTION_PATTERN.match(value) is not None, option,
                         "%r is not a valid description; it must be 0 to 64 letters, digits and underscores (_)."
                         % (value,))


def check_static_ip(option, value):
    """The format only: an IPv4 address or disable (where it may lie depends on the server)."""
    if value is not None and value != "disable":
        validation.ip_address(option, value, version=4)


def static_ip_problem(server, value):
    """Why an address cannot be a static client address on this server (the constraints of "Creating a VPN
    User"), or None."""
    if value in (None, "disable"):
        return None
    address = ipaddress.ip_address(value)
    cidr = ipaddress.ip_network(server["client_cidr"], strict=False)
    if address not in cidr:
        return "%s is not in the server's client CIDR block %s." % (value, cidr)
    if address == cidr.network_address + 1:
        return "%s is the gateway address of the client CIDR block %s." % (value, cidr)
    if int(address) % 4 != 1:
        return "%s is not the first host address of a /30 block (for example %s)." % (
            value, ipaddress.ip_address(int(address) - int(address) % 4 + 1))
    return None


# -- CIDR blocks ---------------------------------------------------------------------------------------------

def check_blocks(option, values, max_items, reserved=RESERVED_BLOCKS):
    """IPv4 CIDR blocks, 1 to max_items, none of them in a reserved block."""
    parsed = validation.cidrs(option, values, version=4, max_items=max_items, min_items=1)
    for network in parsed or []:
        clash = [str(block) for block in reserved if network.overlaps(block)]
        validation.check(not clash, option, "%s overlaps %s, which the service keeps for itself." % (
            network, ", ".join(clash)))
    return parsed
