"""The emulator's test-only control paths that let the data-plane harness play a P2C gateway
(tests/support/dataplane/openvpn.py): password checks, the server certificate, the client CA certificates."""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from support.certs import issue
from support.p2c_api import SERVERS, control, create_server


def verify(api, server_id, user_name, password):
    return control(api, "POST", f"vpn-servers/{server_id}/verify-password",
                   {"user_name": user_name, "password": password})


def test_verify_password_answers_ok_or_refused_and_nothing_else(api):
    server = create_server(api)
    base = f"{SERVERS}/{server['id']}"
    api.ok("POST", base + "/users", {"user": {"name": "alice", "password": "Secret-Pass-1"}}, expected=201)
    assert verify(api, server["id"], "alice", "Secret-Pass-1") == {"result": "ok"}
    assert verify(api, server["id"], "alice", "Secret-Pass-2") == {"result": "refused"}
    assert verify(api, server["id"], "nobody", "Secret-Pass-1") == {"result": "refused"}
    user_id = api.ok("GET", base + "/users")["users"][0]["id"]
    api.ok("POST", f"{base}/users/{user_id}/reset-password", {"new_password": "Secret-Pass-3"})
    assert verify(api, server["id"], "alice", "Secret-Pass-1") == {"result": "refused"}  # only the current one
    assert verify(api, server["id"], "alice", "Secret-Pass-3") == {"result": "ok"}
    api.ok("DELETE", f"{base}/users/{user_id}", expected=204)
    assert verify(api, server["id"], "alice", "Secret-Pass-3") == {"result": "refused"}


def test_server_certificate_is_signed_by_the_ca_of_the_exported_configuration(api):
    server = create_server(api)
    key = ec.generate_private_key(ec.SECP256R1())
    request = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "harness")]))
               .sign(key, hashes.SHA256()))
    signed = control(api, "POST", f"vpn-servers/{server['id']}/server-certificate",
                     {"csr": request.public_bytes(serialization.Encoding.PEM).decode()})
    profile = api.ok("POST", f"{SERVERS}/{server['id']}/client-config/export", {"os_type": "Linux"})["client_config"]
    exported_ca = re.search(r"<ca>\n(.*)\n</ca>", profile, re.S).group(1)
    assert signed["ca"].strip() == exported_ca.strip()
    certificate = x509.load_pem_x509_certificate(signed["certificate"].encode())
    ca = x509.load_pem_x509_certificate(signed["ca"].encode())
    certificate.verify_directly_issued_by(ca)
    assert certificate.public_key() == key.public_key()
    # The subject of the CCM certificate the server uses (fixture ccm-cert-p2c-server), not the request's.
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "vpn.example.com"
    usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.SERVER_AUTH in usage
    assert "PRIVATE KEY" not in str(signed)


def test_client_ca_certificates_are_returned_as_uploaded(api):
    authority = issue("team CA", ca=True)
    server = create_server(api, client_auth_type="CERT",
                           client_ca_certificates=[{"name": "team-ca", "content": authority.pem}])
    listed = control(api, "GET", f"vpn-servers/{server['id']}/client-ca-certificates")["client_ca_certificates"]
    assert [(c["name"], c["content"]) for c in listed] == [("team-ca", authority.pem)]
