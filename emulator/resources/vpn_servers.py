"""4.2.2 VPN servers: create (one per P2C gateway), list per gateway and per project, update, export of the
client configuration, and client CA certificates (verify, upload, query, rename, delete).

A server has no delete API: it goes with its gateway. Its server certificate comes from CCM (the fixtures'
certificates, each given a real CA and certificate the first time a server uses it) or is signed by the service.
"""

from __future__ import annotations

import datetime
import ipaddress
import uuid
from typing import Any, Dict, List, Optional

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .. import idempotency
from ..certs import parse_certificate
from ..errors import coded, invalid
from ..routing import Context, Reply, Routes
from ..schemas import vpn_server as schemas
from ..store import Store, utc_timestamp
from . import common, p2c_gateways

routes = Routes()
control = Routes()
COLLECTION = "vpn_servers"
CA_CERTIFICATES = "client_ca_certificates"
CCM_CHAINS = "ccm_certificate_chains"
GATEWAY_BASE = "/v5/<project_id>/p2c-vpn-gateways/<p2c_vgw_id>/vpn-servers"
SERVER_BASE = "/v5/<project_id>/p2c-vpn-gateways/vpn-servers"

MAX_LOCAL_SUBNETS = 20
MAX_CA_CERTIFICATES = 10
# Blocks a local subnet cannot be (4.2.2.1); a client CIDR block can be none of them nor link-local.
RESERVED = [ipaddress.ip_network(n) for n in ("0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4")]
CLIENT_RESERVED = RESERVED + [ipaddress.ip_network("169.254.0.0/16")]
DEFAULT_SSL_OPTIONS = {"protocol": "TCP", "port": 443, "encryption_algorithm": "AES-128-GCM", "is_compressed": False}
# The TLS suites pair AES-128-GCM with SHA256 and AES-256-GCM with SHA384.
AUTHENTICATION_ALGORITHM = {"AES-128-GCM": "SHA256", "AES-256-GCM": "SHA384"}
OS_TYPES = ("Windows", "Linux", "macOS", "Android", "iOS")


# -- lookups ---------------------------------------------------------------------------------------------

def find_server(store: Store, server_id: str) -> Dict[str, Any]:
    return common.require(store.get(COLLECTION, server_id), "vpn server", server_id, coded("VPN.1116"))


def require_active(server: Dict[str, Any]) -> None:
    """Writes wait for the server to settle: VPN.1113 while it is created, VPN.1114 while it is updated; a frozen
    server refuses them."""
    common.refuse_frozen(server, "update", "vpnServer")
    if server["status"] == "PENDING_CREATE":
        raise coded("VPN.1113")
    if server["status"] == "PENDING_UPDATE":
        raise coded("VPN.1114")
    if server["status"] != "ACTIVE":
        raise coded("VPN.1117")


def ca_certificates_of(store: Store, server_id: str) -> List[Dict[str, Any]]:
    return sorted(store.find(CA_CERTIFICATES, _server_id=server_id), key=lambda c: c["created_at"])


# -- server certificates ---------------------------------------------------------------------------------

def _certificate(subject: x509.Name, issuer: x509.Name, public_key: Any, signer: Any, ca: bool) -> x509.Certificate:
    """A CA certificate, or a TLS server certificate (the key usages OpenVPN's remote-cert-tls server checks)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=3650 if ca else 825))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = (builder.add_extension(x509.KeyUsage(True, False, False, False, True, False, False, False, False),
                                         critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    return builder.sign(signer, hashes.SHA256())


def _server_name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _issue_chain(common_name: str) -> Dict[str, Any]:
    """A CA and a server certificate it signed, with the description the API gives of the latter. The CA's key
    stays in the emulator (_ca_key), as the issuer's would: the data-plane harness has a key of its own signed."""
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hwcloud.vpn emulator"),
                         x509.NameAttribute(NameOID.COMMON_NAME, f"{common_name} CA")])
    ca_cert = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, True)
    server_cert = _certificate(_server_name(common_name), ca_name, server_key.public_key(), ca_key, False)
    server_pem = server_cert.public_bytes(serialization.Encoding.PEM).decode()
    info = parse_certificate(server_pem, common_name).info()
    return {"ca_pem": ca_cert.public_bytes(serialization.Encoding.PEM).decode(), "_common_name": common_name,
            "_ca_key": ca_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()).decode(),
            "info": {"issuer": info["issuer"], "subject": info["subject"], "serial_number": info["serial_number"],
                     "expiration_time": info["expire_time"], "signature_algorithm": info["signature_algorithm"]}}


def _ccm_certificate(store: Store, certificate_id: str) -> Dict[str, Any]:
    for certificate in store.fixtures["certificates"]:
        if certificate["id"] == certificate_id and certificate.get("source", "CCM") == "CCM":
            if certificate["status"] != "ISSUED":
                raise coded("VPN.1110", certificate_id)
            return certificate
    raise coded("VPN.1112", certificate_id)


def _ccm_chain(store: Store, certificate: Dict[str, Any]) -> Dict[str, Any]:
    chain = store.get(CCM_CHAINS, certificate["id"])
    if chain is None:
        chain = store.insert(CCM_CHAINS, dict(_issue_chain(certificate["domain"]), id=certificate["id"]))
    return chain


def _server_certificate(store: Store, server: Dict[str, Any]) -> Dict[str, Any]:
    reference = server["_certificate"]
    if reference["source"] == "SERVICE_SIGN":
        return dict(server["_service_chain"]["info"], name=reference["name"], source="SERVICE_SIGN")
    certificate = next((c for c in store.fixtures["certificates"] if c["id"] == reference["id"]), None)
    if certificate is None:  # deleted from CCM: the id is left empty (4.2.2.2)
        return {"id": "", "name": reference.get("name", ""), "source": "CCM"}
    return dict(_ccm_chain(store, certificate)["info"], id=certificate["id"], name=certificate["name"], source="CCM")


def _chain(store: Store, server: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The CA and server certificate behind the server's certificate; None once its CCM certificate is deleted."""
    if server["_certificate"]["source"] == "SERVICE_SIGN":
        return server["_service_chain"]
    certificate = next((c for c in store.fixtures["certificates"] if c["id"] == server["_certificate"]["id"]), None)
    return _ccm_chain(store, certificate) if certificate else None


def _ca_pem(store: Store, server: Dict[str, Any]) -> str:
    chain = _chain(store, server)
    return chain["ca_pem"] if chain else ""


# -- views -----------------------------------------------------------------------------------------------

def ca_view(record: Dict[str, Any]) -> Dict[str, Any]:
    return common.render(record)


def view(store: Store, server: Dict[str, Any]) -> Dict[str, Any]:
    out = common.render(server)
    out["server_certificate"] = _server_certificate(store, server)
    out["client_ca_certificates"] = [ca_view(c) for c in ca_certificates_of(store, server["id"])]
    return out


# -- checks ----------------------------------------------------------------------------------------------

def _network(value: str) -> ipaddress.IPv4Network:
    """A CIDR block as the service reads it (host bits are ignored, as the reference's own example has them)."""
    try:
        parsed = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise coded("VPN.1103", value) from None
    if parsed.version != 4 or "/" not in value:
        raise coded("VPN.1103", value)
    return parsed  # type: ignore[return-value]


def check_client_cidr(store: Store, gateway: Dict[str, Any], value: str) -> ipaddress.IPv4Network:
    cidr = _network(value)
    if not 16 <= cidr.prefixlen <= 26:
        raise coded("VPN.1107")
    if any(cidr.overlaps(reserved) for reserved in CLIENT_RESERVED):
        raise coded("VPN.1104", value)
    if cidr.num_addresses - 2 <= 4 * gateway["max_connection_number"]:
        raise coded("VPN.1108")
    for route in common.find_vpc(store, gateway["vpc_id"]).get("routes", []):
        if cidr.overlaps(ipaddress.ip_network(route)):
            raise coded("VPN.1109", route)
    return cidr


def check_local_subnets(values: List[str]) -> List[ipaddress.IPv4Network]:
    if not values:
        raise coded("VPN.1118")
    if len(values) > MAX_LOCAL_SUBNETS:
        raise coded("VPN.1105")
    parsed = []
    for value in values:
        subnet = _network(value)
        if any(subnet.overlaps(reserved) for reserved in RESERVED):
            raise coded("VPN.1104", value)
        if subnet in parsed:
            raise coded("VPN.1106", value)
        parsed.append(subnet)
    return parsed


def _check_not_overlapping(client: ipaddress.IPv4Network, local: List[ipaddress.IPv4Network]) -> None:
    for subnet in local:
        if client.overlaps(subnet):
            raise coded("VPN.1119", str(subnet))


def _check_dns_servers(values: List[str]) -> None:
    for value in values:
        common.address(value, "dns_servers", version=4)


def _check_idp(auth_type: str, idp_name: Optional[str]) -> None:
    if auth_type == "FEDERATED" and not idp_name:
        raise invalid("idp_name is mandatory when client_auth_type is FEDERATED")
    if auth_type != "FEDERATED" and idp_name:
        raise invalid("idp_name can be set only when client_auth_type is FEDERATED")


def parse_ca(content: str, label: str) -> Dict[str, Any]:
    """A client CA certificate as the service describes it (VPN.0070-0076 on bad content)."""
    parsed = parse_certificate(content, label, require_ca=True)
    info = parsed.info()
    return {"issuer": info["issuer"], "subject": info["subject"], "serial_number": info["serial_number"],
            "expiration_time": info["expire_time"], "signature_algorithm": info["signature_algorithm"],
            "_fingerprint": parsed.fingerprint, "_content": content}


def _new_ca_record(store: Store, server_id: str, name: Optional[str], described: Dict[str, Any]) -> Dict[str, Any]:
    now = store.creation_time()
    return dict(described, id=str(uuid.uuid4()), name=name or common.generated_name("ca-cert"), created_at=now,
                updated_at=now, _server_id=server_id)


# -- create ----------------------------------------------------------------------------------------------

def _create(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "vpn_server")
    gateway = p2c_gateways.find_gateway(store, ctx.params["p2c_vgw_id"])
    p2c_gateways.require_active(gateway)
    if store.find(COLLECTION, p2c_vgw_id=gateway["id"]):
        raise coded("VPN.1102")
    eip = p2c_gateways.bound_eip(store, gateway)
    if eip is None:
        raise coded("VPN.1121")
    if "ssl_options" not in body:
        raise invalid("ssl_options is mandatory when tunnel_protocol is SSL")
    client = check_client_cidr(store, gateway, body["client_cidr"])
    local = check_local_subnets(body["local_subnets"])
    _check_not_overlapping(client, local)
    auth_type = body.get("client_auth_type", "LOCAL_PASSWORD")
    _check_idp(auth_type, body.get("idp_name"))
    _check_dns_servers(body.get("dns_servers", []))

    certificate = body.get("server_certificate")
    if not certificate:
        raise coded("VPN.1100")
    source = certificate.get("source", "CCM")
    if source == "CCM":
        if not certificate.get("id"):
            raise coded("VPN.1100")
        reference = {"source": "CCM", "id": _ccm_certificate(store, certificate["id"])["id"]}
    elif "id" in certificate:
        raise invalid("server_certificate.id can be set only when the source is CCM")
    else:
        reference = {"source": "SERVICE_SIGN", "name": common.generated_name("p2c-server-cert")}

    authorities = body.get("client_ca_certificates", [])
    if auth_type == "CERT" and not authorities:
        raise coded("VPN.1101")
    if auth_type != "CERT" and authorities:
        raise invalid("client_ca_certificates can be set only when client_auth_type is CERT")
    if len(authorities) > MAX_CA_CERTIFICATES:
        raise coded("VPN.1111")
    described = []
    for index, authority in enumerate(authorities):
        label = authority.get("name") or f"client_ca_certificates[{index}]"
        ca = parse_ca(authority["content"], label)
        if any(earlier["_fingerprint"] == ca["_fingerprint"] for _name, earlier in described):
            raise coded("VPN.0077", label)
        described.append((authority.get("name"), ca))

    # Everything is checked: from here on the create cannot fail half way.
    ssl_options = dict(DEFAULT_SSL_OPTIONS, **body["ssl_options"])
    ssl_options["authentication_algorithm"] = AUTHENTICATION_ALGORITHM[ssl_options["encryption_algorithm"]]
    now = store.creation_time()
    server = {
        "id": str(uuid.uuid4()), "p2c_vgw_id": gateway["id"], "client_cidr": str(client),
        "local_subnets": [str(s) for s in local], "client_auth_type": auth_type,
        "tunnel_protocol": body.get("tunnel_protocol", "SSL"), "ssl_options": ssl_options,
        "dns_servers": list(body.get("dns_servers", [])), "created_at": now, "updated_at": now,
        "_certificate": reference,
    }
    if body.get("idp_name"):
        server["idp_name"] = body["idp_name"]
    if source == "SERVICE_SIGN":
        server["_service_chain"] = _issue_chain(eip["ip_address"])
    store.transition(server, "PENDING_CREATE", "ACTIVE")
    store.insert(COLLECTION, server)
    for name, ca in described:
        store.insert(CA_CERTIFICATES, _new_ca_record(store, server["id"], name, ca))
    group_time = store.creation_time()
    # Every server has the default user group, which users without a group belong to (4.2.3).
    store.insert("vpn_user_groups", {"id": str(uuid.uuid4()), "name": "default", "description": "Default user group",
                                     "type": "Default", "created_at": group_time, "updated_at": group_time,
                                     "_server_id": server["id"]})
    return Reply(201, {"vpn_server": {"id": server["id"]}})


@routes.post(GATEWAY_BASE, schema=schemas.CREATE)
def create(ctx: Context) -> Reply:
    return idempotency.once(ctx, _create)


def remove_with_gateway(store: Store, gateway: Dict[str, Any]) -> None:
    for server in store.find(COLLECTION, p2c_vgw_id=gateway["id"]):
        store.remove(COLLECTION, server["id"])


def remove_certificates(store: Store, server: Dict[str, Any]) -> None:
    for certificate in store.find(CA_CERTIFICATES, _server_id=server["id"]):
        store.remove(CA_CERTIFICATES, certificate["id"])


# -- read ------------------------------------------------------------------------------------------------

def _listing(ctx: Context, servers: List[Dict[str, Any]]) -> Reply:
    page, info = common.page_by_marker(ctx, servers)
    return Reply(200, {"vpn_servers": [view(ctx.store, s) for s in page], "total_count": len(servers),
                       "page_info": info})


@routes.get(GATEWAY_BASE)
def list_by_gateway(ctx: Context) -> Reply:
    gateway = p2c_gateways.find_gateway(ctx.store, ctx.params["p2c_vgw_id"])
    return _listing(ctx, ctx.store.find(COLLECTION, p2c_vgw_id=gateway["id"]))


@routes.get("/v5/<project_id>/vpn-servers")
def list_by_project(ctx: Context) -> Reply:
    return _listing(ctx, ctx.store.all(COLLECTION))


# -- update ----------------------------------------------------------------------------------------------

def _check_auth_change(store: Store, server: Dict[str, Any], auth_type: str) -> None:
    """What a server must be rid of before it changes its client authentication (VPN.1122-1124)."""
    current = server["client_auth_type"]
    if auth_type == current:
        return
    if current == "LOCAL_PASSWORD":
        if store.find("vpn_users", _server_id=server["id"]):
            raise coded("VPN.1122")
        if store.find("vpn_user_groups", _server_id=server["id"], type="Custom"):
            raise coded("VPN.1123")
        if store.find("access_policies", _server_id=server["id"]):
            raise coded("VPN.1124")
    # A CERT server keeps at least one client CA certificate (VPN.1101 on deleting the last): it leaves CERT with
    # its certificates, which stay listed and can be deleted then. VPN.1125 would make leaving CERT impossible.


@routes.put(SERVER_BASE + "/<vpn_server_id>", schema=schemas.UPDATE)
def update(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "vpn_server")
    server = find_server(store, ctx.params["vpn_server_id"])
    require_active(server)
    gateway = p2c_gateways.find_gateway(store, server["p2c_vgw_id"])
    client = (check_client_cidr(store, gateway, body["client_cidr"]) if "client_cidr" in body
              else ipaddress.ip_network(server["client_cidr"]))
    local = (check_local_subnets(body["local_subnets"]) if "local_subnets" in body
             else [ipaddress.ip_network(s) for s in server["local_subnets"]])
    _check_not_overlapping(client, local)  # type: ignore[arg-type]
    if "client_cidr" in body:
        for user in store.find("vpn_users", _server_id=server["id"]):
            if user.get("static_ip", "disable") != "disable" and ipaddress.ip_address(user["static_ip"]) not in client:
                raise invalid(f"user {user['name']} has static IP {user['static_ip']}, outside client CIDR {client}")
    auth_type = body.get("client_auth_type", server["client_auth_type"])
    _check_auth_change(store, server, auth_type)
    idp_name = body.get("idp_name", server.get("idp_name") if auth_type == "FEDERATED" else None)
    _check_idp(auth_type, idp_name)
    _check_dns_servers(body.get("dns_servers", []))
    reference = server["_certificate"]
    if "server_certificate" in body:
        reference = {"source": "CCM", "id": _ccm_certificate(store, body["server_certificate"]["id"])["id"]}

    server.update(client_cidr=str(client), local_subnets=[str(s) for s in local], client_auth_type=auth_type,
                  _certificate=reference, updated_at=utc_timestamp())
    server.pop("idp_name", None)
    if idp_name:
        server["idp_name"] = idp_name
    if "dns_servers" in body:
        server["dns_servers"] = list(body["dns_servers"])
    if "ssl_options" in body:
        server["ssl_options"].update(body["ssl_options"])
        server["ssl_options"]["authentication_algorithm"] = \
            AUTHENTICATION_ALGORITHM[server["ssl_options"]["encryption_algorithm"]]
    # The new configuration reaches the gateway asynchronously; its clients reconnect.
    p2c_gateways.drop_connections(store, _server_id=server["id"])
    store.transition(server, "PENDING_UPDATE", "ACTIVE")
    return Reply(200, {})


# -- client configuration (4.2.2.4) ----------------------------------------------------------------------

def client_config(store: Store, server: Dict[str, Any], os_type: str) -> str:
    """An OpenVPN client profile for the server; the same server and OS give the same text."""
    gateway = p2c_gateways.find_gateway(store, server["p2c_vgw_id"])
    eip = p2c_gateways.bound_eip(store, gateway)
    ssl = server["ssl_options"]
    lines = [f"# Huawei Cloud VPN client configuration for {os_type}",
             f"# P2C VPN gateway {gateway['id']}, VPN server {server['id']}",
             "client", "dev tun", f"proto {ssl['protocol'].lower()}",
             f"remote {eip['ip_address'] if eip else ''} {ssl['port']}",
             "resolv-retry infinite", "nobind", "persist-key", "persist-tun", "remote-cert-tls server",
             f"cipher {ssl['encryption_algorithm']}", f"data-ciphers {ssl['encryption_algorithm']}",
             f"auth {ssl['authentication_algorithm']}", "verb 3"]
    if ssl.get("is_compressed"):
        lines.append("compress lz4-v2")
    if os_type == "Windows":
        lines.append("block-outside-dns")
    if server["client_auth_type"] == "CERT":
        lines.append("# Add the client certificate and key issued by one of the server's client CAs: "
                     "<cert>...</cert> and <key>...</key>")
    else:
        lines.append("auth-user-pass")
    lines += ["<ca>", _ca_pem(store, server).strip(), "</ca>"]
    return "\n".join(lines) + "\n"


@routes.post(SERVER_BASE + "/<vpn_server_id>/client-config/export", write=False)
def export_client_config(ctx: Context) -> Reply:
    # The body, and os_type in it, are optional (4.2.2.4); the SDK sends none when os_type is unset.
    body = ctx.body if ctx.body is not None else {}
    if not isinstance(body, dict) or set(body) - {"os_type"}:
        raise invalid("the body may hold only os_type")
    os_type = body.get("os_type", "Windows")
    if os_type not in OS_TYPES:
        raise invalid(f"os_type must be one of {', '.join(OS_TYPES)}, got {os_type!r}")
    server = find_server(ctx.store, ctx.params["vpn_server_id"])
    require_active(server)
    return Reply(200, {"client_config": client_config(ctx.store, server, os_type)}, request_id_in_body=False)


# -- client CA certificates (4.2.2.6 - 4.2.2.10) -----------------------------------------------------------

def find_ca(store: Store, server: Dict[str, Any], certificate_id: str) -> Dict[str, Any]:
    record = store.get(CA_CERTIFICATES, certificate_id)
    if record is None or record["_server_id"] != server["id"]:
        raise coded("VPN.1115", certificate_id)
    return record


@routes.post(SERVER_BASE + "/client-ca-certificates/check", schema=schemas.CHECK_CA, write=False)
def check_ca(ctx: Context) -> Reply:
    body = common.body_of(ctx, "client_ca_certificate")
    described = common.render(parse_ca(body["content"], body.get("name") or "client_ca_certificate"))
    if body.get("name"):
        described = dict(described, name=body["name"])
    return Reply(200, described, request_id_in_body=False)  # 4.2.2.6 and the SDK: the certificate's fields only


def _import_ca(ctx: Context) -> Reply:
    store, body = ctx.store, common.body_of(ctx, "client_ca_certificate")
    server = find_server(store, ctx.params["vpn_server_id"])
    require_active(server)
    if server["client_auth_type"] != "CERT":
        raise invalid("client CA certificates can be uploaded only to a server with client_auth_type CERT")
    existing = ca_certificates_of(store, server["id"])
    if len(existing) >= MAX_CA_CERTIFICATES:
        raise coded("VPN.1111")
    label = body.get("name") or "client_ca_certificate"
    described = parse_ca(body["content"], label)
    if any(c["_fingerprint"] == described["_fingerprint"] for c in existing):
        raise coded("VPN.0077", label)
    record = store.insert(CA_CERTIFICATES, _new_ca_record(store, server["id"], body.get("name"), described))
    return Reply(201, {"client_ca_certificate": {"id": record["id"]}})


@routes.post(SERVER_BASE + "/<vpn_server_id>/client-ca-certificates", schema=schemas.IMPORT_CA)
def import_ca(ctx: Context) -> Reply:
    return idempotency.once(ctx, _import_ca)


@routes.get(SERVER_BASE + "/<vpn_server_id>/client-ca-certificates/<client_ca_certificate_id>")
def show_ca(ctx: Context) -> Reply:
    server = find_server(ctx.store, ctx.params["vpn_server_id"])
    return Reply(200, {"client_ca_certificate": ca_view(find_ca(ctx.store, server,
                                                                ctx.params["client_ca_certificate_id"]))})


@routes.put(SERVER_BASE + "/<vpn_server_id>/client-ca-certificates/<client_ca_certificate_id>",
            schema=schemas.UPDATE_CA)
def update_ca(ctx: Context) -> Reply:
    server = find_server(ctx.store, ctx.params["vpn_server_id"])
    record = find_ca(ctx.store, server, ctx.params["client_ca_certificate_id"])
    record.update(name=common.body_of(ctx, "client_ca_certificate")["name"], updated_at=utc_timestamp())
    return Reply(200, {})


@routes.delete(SERVER_BASE + "/<vpn_server_id>/client-ca-certificates/<client_ca_certificate_id>")
def delete_ca(ctx: Context) -> Reply:
    server = find_server(ctx.store, ctx.params["vpn_server_id"])
    record = find_ca(ctx.store, server, ctx.params["client_ca_certificate_id"])
    require_active(server)
    # A CERT server authenticates clients with its CA certificates: it keeps at least one (VPN.1101, A.3).
    if server["client_auth_type"] == "CERT" and len(ctx.store.find(CA_CERTIFICATES, _server_id=server["id"])) <= 1:
        raise coded("VPN.1101")
    ctx.store.remove(CA_CERTIFICATES, record["id"])
    return Reply(204)


# -- the gateway's side, for the data-plane harness (tests only) --------------------------------------------

@control.post("/_emulator/vpn-servers/<vpn_server_id>/server-certificate")
def sign_server_key(ctx: Context) -> Reply:
    """The server certificate for a key the harness made ({"csr": PEM}), signed by the CA that clients trust (the
    <ca> of the exported configuration), with the subject the API describes. No private key leaves either side."""
    server = find_server(ctx.store, ctx.params["vpn_server_id"])
    chain = _chain(ctx.store, server)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    if chain is None:
        raise invalid(f"vpn server {server['id']} has no server certificate (deleted from CCM)")
    try:
        request = x509.load_pem_x509_csr(str(body.get("csr", "")).encode())
    except ValueError:
        raise invalid("csr must be a PEM certificate signing request") from None
    ca_cert = x509.load_pem_x509_certificate(chain["ca_pem"].encode())
    ca_key = serialization.load_pem_private_key(chain["_ca_key"].encode(), password=None)
    certificate = _certificate(_server_name(chain["_common_name"]), ca_cert.subject, request.public_key(), ca_key,
                               False)
    return Reply(200, {"certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
                       "ca": chain["ca_pem"]})


@control.get("/_emulator/vpn-servers/<vpn_server_id>/client-ca-certificates")
def client_ca_contents(ctx: Context) -> Reply:
    """The uploaded client CA certificates themselves (the API describes them but does not return them)."""
    server = find_server(ctx.store, ctx.params["vpn_server_id"])
    return Reply(200, {"client_ca_certificates": [{"id": c["id"], "name": c["name"], "content": c["_content"]}
                                                  for c in ca_certificates_of(ctx.store, server["id"])]})


def install(store: Store) -> None:
    store.on_remove(p2c_gateways.COLLECTION, remove_with_gateway)
    store.on_remove(COLLECTION, remove_certificates)
