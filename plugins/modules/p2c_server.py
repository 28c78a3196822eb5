#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_server
short_description: Manage the VPN server of a Huawei Cloud P2C VPN gateway, and export its client configuration
version_added: 0.1.0
description:
  - Creates and updates the VPN server of a point-to-cloud VPN gateway (API "Creating a VPN Server", "Querying a VPN
    Server Based on a Specified Gateway ID", "Modifying a VPN Server"), one server per gateway, which clients reach
    over SSL.
  - Updates what "Modifying a VPN Server" allows (client CIDR block, local subnets, client authentication, CCM server
    certificate, SSL port, protocol and encryption, DNS servers, identity provider) with one request, and converges
    the client CA certificates of a certificate-authenticated server (API "Uploading a Client CA Certificate" and
    "Deleting a Client CA Certificate"). A task that asks to change anything else fails and names the option.
  - Exports the client configuration (API "Exporting the Client Configuration Corresponding to a VPN Server") to a
    file with O(client_config), changing the file only when its content differs.
  - A VPN server has no delete API; it is deleted with its gateway (M(hwcloud.vpn.p2c_gateway) with
    O(hwcloud.vpn.p2c_gateway#module:state=absent)). O(state=absent) therefore fails when the server exists.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  p2c_vgw_id:
    description:
      - ID of the P2C VPN gateway of the server. A gateway has at most one server, found through it.
      - Set this or O(p2c_vgw_name).
    type: str
  p2c_vgw_name:
    description:
      - Name of the P2C VPN gateway of the server, instead of O(p2c_vgw_id). The name must belong to exactly one
        gateway.
      - In check mode, a gateway of this name that does not exist is taken as planned by an earlier task of the same
        run (a M(hwcloud.vpn.p2c_gateway) task that only reported a planned create), so the task reports the server it
        would create, and the result's C(planned_parent) says which gateway it assumed. Outside check mode it is
        an error.
    type: str
  id:
    description:
      - ID of the server. When set, the server of the gateway must have it.
    type: str
  state:
    description:
      - V(present) creates or updates the server.
      - V(absent) succeeds without change when the gateway has no server, and fails when it has one, since only the
        deletion of the gateway deletes its server.
    type: str
    choices: [present, absent]
    default: present
  tunnel_protocol:
    description:
      - Tunnel protocol. The API offers only V(SSL), its default. Cannot be changed.
    type: str
    choices: [SSL]
  client_cidr:
    description:
      - The CIDR block client addresses come from, for example V(172.16.0.0/24). Needed to create the server.
      - Its mask is 16 to 26 bits and it must hold more than four times as many addresses as the gateway's
        maximum number of connections. It cannot overlap the routes of the VPC's default route table, the local
        subnets, V(0.0.0.0/8), V(127.0.0.0/8), V(224.0.0.0/4), V(240.0.0.0/4) or V(169.254.0.0/16).
      - Changing it disconnects the clients.
    type: str
  local_subnets:
    description:
      - The cloud CIDR blocks clients reach through the VPN, 1 to 20, none in V(0.0.0.0/8), V(127.0.0.0/8),
        V(224.0.0.0/4) or V(240.0.0.0/4). Needed to create the server. Compared as a set.
    type: list
    elements: str
  client_auth_type:
    description:
      - How clients authenticate. The API defaults to V(LOCAL_PASSWORD).
      - V(CERT) needs O(client_ca_certificates) at creation. V(FEDERATED) needs O(idp_name).
      - A server leaves V(LOCAL_PASSWORD) only without users, custom user groups and access policies
        (C(VPN.1122) to C(VPN.1124)). A V(CERT) server keeps at least one client CA certificate (C(VPN.1101));
        set O(client_ca_certificates=[]) in the task that leaves V(CERT) to delete them once it has left.
    type: str
    choices: [CERT, LOCAL_PASSWORD, IAM, FEDERATED]
  idp_name:
    description:
      - Name of the identity provider, with O(client_auth_type=FEDERATED) only (needed then).
    type: str
  server_certificate:
    description:
      - The certificate the server presents. Needed to create the server.
      - V(CCM) uses the certificate O(server_certificate.id) of Cloud Certificate Manager, which must be issued;
        V(SERVICE_SIGN) has the service sign one (at creation only).
      - An update can move the server to another CCM certificate, or from a service-signed one to a CCM one.
    type: dict
    suboptions:
      id:
        description: ID of the certificate in CCM; needed with O(server_certificate.source=CCM).
        type: str
      source:
        description: Where the certificate comes from.
        type: str
        choices: [CCM, SERVICE_SIGN]
        default: CCM
  client_ca_certificates:
    description:
      - The CAs that sign the client certificates of a server with O(client_auth_type=CERT), 1 to 10 at creation.
      - On an existing server the list is converged, compared by certificate serial number (the API reports no
        fingerprint); missing CAs are uploaded, others deleted. Their content is never returned; name them and
        rename them with M(hwcloud.vpn.p2c_client_ca_certificate).
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the certificate (1 to 64 letters, digits, C(_) and C(-)); generated when not set.
        type: str
      content:
        description: PEM of the CA certificate.
        type: str
        required: true
  ssl_options:
    description:
      - SSL settings. Only the fields set are compared.
    type: dict
    suboptions:
      protocol:
        description: Transport protocol. The API offers only V(TCP), its default.
        type: str
        choices: [TCP]
      port:
        description: Port of the server. The API defaults to V(443).
        type: int
        choices: [443, 1194]
      encryption_algorithm:
        description: Encryption algorithm. The API defaults to V(AES-128-GCM).
        type: str
        choices: [AES-128-GCM, AES-256-GCM]
      is_compressed:
        description: Whether data is compressed. The API defaults to V(false). Cannot be changed after creation.
        type: bool
  dns_servers:
    description:
      - The DNS servers clients use, at most two IPv4 addresses, in order.
    type: list
    elements: str
  client_config:
    description:
      - Export the client configuration of the server (API "Exporting the Client Configuration Corresponding to a VPN
        Server") to a file, after any change of the server.
      - The file is written only when its content differs (new files get mode C(0600) from their creation; an
        existing file keeps its mode); in check mode the difference is reported without writing. Diff mode shows
        the size and SHA-256 digest of the old and new file, never their content (the file may hold the user's
        private key). Missing directories of its path are made with mode C(0700); existing ones keep their owner
        and mode. When the server itself changes in check
        mode, the file is reported as changing since its new content is known only once the server has changed.
    type: dict
    suboptions:
      dest:
        description: Path of the file on the managed host.
        type: path
        required: true
      os_type:
        description: Operating system of the clients. The API defaults to V(Windows).
        type: str
        choices: [Windows, Linux, macOS, Android, iOS]
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.WAIT
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Password-authenticated server with a CCM certificate, and its client configuration
  hwcloud.vpn.p2c_server:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    client_cidr: 172.16.0.0/24
    local_subnets: [192.168.0.0/24, 192.168.1.0/24]
    server_certificate:
      id: "{{ ccm_certificate_id }}"
    ssl_options:
      port: 443
      encryption_algorithm: AES-256-GCM
    dns_servers: [192.168.0.53]
    client_config:
      dest: /tmp/remote-access.ovpn
      os_type: Linux
  register: server

- name: Certificate-authenticated server with a service-signed certificate
  hwcloud.vpn.p2c_server:
    p2c_vgw_id: "{{ other_gateway.p2c_vpn_gateway.id }}"
    client_cidr: 172.17.0.0/24
    local_subnets: [192.168.0.0/24]
    client_auth_type: CERT
    server_certificate:
      source: SERVICE_SIGN
    client_ca_certificates:
      - name: clients-ca
        content: "{{ lookup('ansible.builtin.file', 'clients-ca.pem') }}"
"""

RETURN = r"""
vpn_server:
  description:
    - The server as the API describes it (API "Querying a VPN Server Based on a Specified Gateway ID"), after any
      change has settled.
    - In check mode, a create returns the server as it would be created (without id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the server.
      type: str
    p2c_vgw_id:
      description: ID of the gateway.
      type: str
    status:
      description: Status, C(ACTIVE) once ready.
      type: str
    client_cidr:
      description: Client CIDR block.
      type: str
    local_subnets:
      description: Local subnets.
      type: list
      elements: str
    client_auth_type:
      description: Client authentication.
      type: str
    tunnel_protocol:
      description: Tunnel protocol.
      type: str
    server_certificate:
      description: The server certificate (id, name, issuer, subject, serial_number, expiration_time,
        signature_algorithm, source).
      type: dict
    client_ca_certificates:
      description: The client CA certificates (id, name, issuer, subject, serial_number, expiration_time,
        signature_algorithm, created_at, updated_at); never their content.
      type: list
      elements: dict
    ssl_options:
      description: SSL settings (protocol, port, encryption_algorithm, authentication_algorithm, is_compressed).
      type: dict
    dns_servers:
      description: DNS servers.
      type: list
      elements: str
    idp_name:
      description: Identity provider (federated authentication).
      type: str
client_config:
  description: What happened to the exported client configuration file.
  returned: when O(client_config) is set
  type: dict
  contains:
    dest:
      description: Path of the file.
      type: str
    os_type:
      description: Operating system the configuration is for (C(default) when the API's default applied).
      type: str
    changed:
      description: Whether the file was written (or would be, in check mode).
      type: bool
    checksum:
      description: SHA-1 of the exported content, as M(ansible.builtin.copy) reports it; absent in check mode when
        the server changes.
      type: str
"""

import hashlib
import os

from ansible_collections.hwcloud.vpn.plugins.module_utils import (api, certificates, compare, files, lookup, p2c,
                                                                  validation)
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import Field, cidr, cidr_set
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.pagination import MARKER
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import ResourceModule, ResourceSpec, run_module

SERVER = "server"  # the action every change goes through: one update request, with the CA certificates around it
SSL_UPDATABLE = ("protocol", "port", "encryption_algorithm")
PRIVATE_DIRECTORY = 0o700  # the mode of the directories made for the client configuration


def _ca_serials(certificates_option):
    return sorted(certificates.serial_number("client_ca_certificates[%d].content" % index, entry["content"])
                  for index, entry in enumerate(certificates_option))


def _reported_serials(described):
    return sorted(entry.get("serial_number") for entry in described or [])


class P2cServer(ResourceModule):
    spec = ResourceSpec(
        kind="VPN server", body_key="vpn_server", list_key="vpn_servers",
        path=api.P2C_GATEWAYS + "/{p2c_vgw_id}/vpn-servers", item_path=api.VPN_SERVERS + "/{id}", scope=("p2c_vgw_id",),
        pagination=MARKER, lifecycle=api.VPN_SERVER, client_token=True,
        create_defaults={"tunnel_protocol": "SSL", "client_auth_type": "LOCAL_PASSWORD", "dns_servers": [],
                         "client_ca_certificates": [],
                         "ssl_options": {"protocol": "TCP", "port": 443, "encryption_algorithm": "AES-128-GCM",
                                         "is_compressed": False}},
        fields={
            "tunnel_protocol": Field(),
            "client_cidr": Field(update=SERVER, normalize=cidr),
            "local_subnets": Field(update=SERVER, normalize=cidr_set),
            "client_auth_type": Field(update=SERVER),
            "idp_name": Field(update=SERVER),
            "server_certificate": Field(update=SERVER, nested={"id": Field(), "source": Field()}),
            "client_ca_certificates": Field(
                update=SERVER, desired=_ca_serials, current=_reported_serials,
                to_api=lambda entries: [dict((k, v) for k, v in e.items() if v is not None) for e in entries]),
            "ssl_options": Field(update=SERVER, nested={
                "protocol": Field(), "port": Field(), "encryption_algorithm": Field(),
                "is_compressed": Field(update=None)}),
            "dns_servers": Field(update=SERVER),
        })

    # -- checks before any call ----------------------------------------------------------------------

    def validate(self):
        p = self.params
        for option in ("p2c_vgw_id", "id"):
            validation.uuid(option, p[option])
        validation.name("p2c_vgw_name", p["p2c_vgw_name"], pattern=p2c.NAME_PATTERN, rule=p2c.NAME_RULE)
        if p["client_cidr"] is not None:
            network = validation.cidr("client_cidr", p["client_cidr"], version=4)
            validation.check(16 <= network.prefixlen <= 26, "client_cidr", "the mask must be 16 to 26 bits.")
            p2c.check_blocks("client_cidr", [p["client_cidr"]], 1, reserved=p2c.CLIENT_RESERVED_BLOCKS)
        local = p2c.check_blocks("local_subnets", p["local_subnets"], 20) if p["local_subnets"] is not None else []
        if p["client_cidr"] is not None:
            clash = [str(s) for s in local if s.overlaps(validation.cidr("client_cidr", p["client_cidr"]))]
            validation.check(not clash, "client_cidr", "overlaps the local subnet(s) %s." % ", ".join(clash))
        auth = p["client_auth_type"]
        if p["idp_name"] is not None:
            validation.check(auth in (None, "FEDERATED"), "idp_name", "can be set only with client_auth_type "
                                                                      "FEDERATED.")  # None: see validate_create
        certificate = p["server_certificate"]
        if certificate is not None:
            if certificate["source"] == "SERVICE_SIGN":
                validation.check(certificate["id"] is None, "server_certificate.id",
                                 "cannot be set with source SERVICE_SIGN.")
            else:
                validation.check(bool(certificate["id"]), "server_certificate.id", "is needed with source CCM.")
        authorities = p["client_ca_certificates"]
        if authorities is not None:
            validation.check(len(authorities) <= 10, "client_ca_certificates", "a server has at most 10.")
            validation.check(not authorities or auth in (None, "CERT"), "client_ca_certificates",
                             "only a server with client_auth_type CERT has client CA certificates.")
            for index, entry in enumerate(authorities):
                validation.name("client_ca_certificates[%d].name" % index, entry["name"], pattern=p2c.NAME_PATTERN,
                                rule=p2c.NAME_RULE)
            serials = _ca_serials(authorities)
            validation.check(len(set(serials)) == len(serials), "client_ca_certificates",
                             "the same certificate is listed twice.")
        validation.check(p["dns_servers"] is None or len(p["dns_servers"]) <= 2, "dns_servers", "at most two.")
        for index, server in enumerate(p["dns_servers"] or []):
            validation.ip_address("dns_servers[%d]" % index, server, version=4)
        if p["client_config"] is not None:
            problem = files.unwritable(p["client_config"]["dest"])
            validation.check(problem is None, "client_config.dest", "%s." % problem)

    def validate_create(self):
        p = self.params
        validation.needed("a VPN server", [(option, p[option] is not None, None)
                                           for option in ("client_cidr", "local_subnets", "server_certificate")])
        auth = p["client_auth_type"] or "LOCAL_PASSWORD"
        validation.check(auth != "FEDERATED" or bool(p["idp_name"]), "idp_name",
                         "is needed with client_auth_type FEDERATED.")
        if auth == "CERT":
            validation.check(bool(p["client_ca_certificates"]), "client_ca_certificates",
                             "at least one is needed to create a server with client_auth_type CERT.")
        self._check_auth_options(auth)

    def _check_auth_options(self, auth):
        """What depends on the authentication the server will have (the API's default, or the current one)."""
        validation.check(self.params["idp_name"] is None or auth == "FEDERATED", "idp_name",
                         "can be set only with client_auth_type FEDERATED (the server's is %s)." % auth)
        validation.check(not self.params["client_ca_certificates"] or auth == "CERT", "client_ca_certificates",
                         "only a server with client_auth_type CERT has client CA certificates (the server's is %s)."
                         % auth)

    def validate_update(self, resource, found_changes):
        for change in found_changes:
            if change.path == "server_certificate.source" and change.after == "SERVICE_SIGN":
                raise ValidationError("server_certificate.source", "an update can only move the server to a CCM "
                                                                   "certificate, not to SERVICE_SIGN.")
        auth = self.params["client_auth_type"] or resource.get("client_auth_type")
        self._check_auth_options(auth)
        if auth == "FEDERATED" and not (self.params["idp_name"] or resource.get("idp_name")):
            raise ValidationError("idp_name", "is needed to change client_auth_type to FEDERATED.")

    # -- finding the server through its gateway -------------------------------------------------------

    def list(self):
        return p2c.under_gateway(self.params["p2c_vgw_id"], super().list)

    def find(self):
        servers = self.list()
        if self.params["id"]:
            servers = [s for s in servers if s["id"] == self.params["id"]]
            if not servers and self.params["state"] == "present":
                raise ValidationError("id", "P2C VPN gateway %s has no VPN server with id %s." % (
                    self.params["p2c_vgw_id"], self.params["id"]))
        return self.unless_deleting(servers[0] if servers else None)  # fails at once on a frozen server

    def fetch(self, resource_id):
        # There is no API to read one server: it is read through its gateway's list.
        return next((s for s in self.list() if s["id"] == resource_id), None)

    def resolve(self):
        if self.params["p2c_vgw_name"]:
            self.params["p2c_vgw_id"] = lookup.p2c_gateway(self.client, self.params["p2c_vgw_name"])["id"]

    def describe(self):
        gateway = self.params["p2c_vgw_id"] or repr(self.params["p2c_vgw_name"])
        return "the VPN server of P2C VPN gateway %s" % gateway

    # -- create and update ----------------------------------------------------------------------------

    def create_body(self, body):
        body.setdefault("ssl_options", {})  # mandatory with SSL; its fields have defaults
        return body

    def predict_created(self, body):
        return compare.deep_merge(self.spec.create_defaults, body)

    def sanitize(self, resource):
        """Client CA certificates are shown as the API describes them, never with their PEM content (a predicted
        create holds the request's certificates)."""
        clean = super().sanitize(resource)
        if clean.get("client_ca_certificates"):
            clean["client_ca_certificates"] = [
                entry if "content" not in entry else {
                    "name": entry.get("name"),
                    "serial_number": certificates.serial_number("client_ca_certificates", entry["content"])}
                for entry in clean["client_ca_certificates"]]
        return clean

    def report(self, plan, outcome):
        super().report(plan, outcome)
        if self.params["state"] == "present":
            self.export_client_config()

    def plan_delete(self, resource):
        if resource is not None:
            self.doing = "Deleting %s" % self.describe()
            raise HwcError("A VPN server has no delete API: it is deleted with its P2C VPN gateway. Delete "
                           "gateway %s with hwcloud.vpn.p2c_gateway and state absent to remove server %s."
                           % (self.params["p2c_vgw_id"], resource["id"]))
        return super().plan_delete(resource)

    def apply_server(self, resource, plan):
        """One update request for the server's own fields, with the CA certificate changes around it: a server
        takes CA certificates only while it uses CERT, and a CERT server keeps at least one (VPN.1101). So new
        certificates go up before the update when the server already uses CERT (after it when it only comes to
        CERT), and removed ones go after the update (a server leaving CERT can then lose them all)."""
        p = self.params
        changed = set(change.owner.name for change in plan.changes)
        body = {}
        for name in changed - {"client_ca_certificates", "ssl_options", "server_certificate"}:
            body[self.spec.fields[name].api] = self.spec.fields[name].api_value(p[name])
        if "ssl_options" in changed:
            merged = dict((k, v) for k, v in (resource.get("ssl_options") or {}).items() if k in SSL_UPDATABLE)
            merged.update((k, v) for k, v in p["ssl_options"].items() if k in SSL_UPDATABLE and v is not None)
            body["ssl_options"] = merged
        if "server_certificate" in changed:
            body["server_certificate"] = {"id": p["server_certificate"]["id"]}
        if body.get("client_auth_type") == "FEDERATED":
            body["idp_name"] = p["idp_name"] or resource.get("idp_name")
        upload, remove = self._ca_plan(resource) if "client_ca_certificates" in changed else ([], [])
        upload_first = resource.get("client_auth_type") == "CERT"
        for entry in upload if upload_first else ():
            self._ca_request("POST", resource, body={"client_ca_certificate": entry})
        if body:
            self.client.request("PUT", self.item_path(resource["id"]), body={"vpn_server": body})
            self.wait_ready(resource["id"])
        for entry in () if upload_first else upload:
            self._ca_request("POST", resource, body={"client_ca_certificate": entry})
        for described in remove:
            self._ca_request("DELETE", resource, described["id"])

    def _ca_plan(self, resource):
        wanted = dict((certificates.serial_number("client_ca_certificates", entry["content"]), entry)
                      for entry in self.params["client_ca_certificates"])
        current = dict((entry["serial_number"], entry) for entry in resource.get("client_ca_certificates") or [])
        upload = [dict((k, v) for k, v in wanted[serial].items() if v is not None)
                  for serial in sorted(set(wanted) - set(current))]
        return upload, [current[serial] for serial in sorted(set(current) - set(wanted))]

    def _ca_request(self, method, resource, certificate_id=None, body=None):
        path = "%s/%s/client-ca-certificates" % (api.VPN_SERVERS, path_quote(resource["id"]))
        if certificate_id:
            path += "/" + path_quote(certificate_id)
        self.client.request(method, path, body=body, client_token=method == "POST")

    # -- the client configuration ---------------------------------------------------------------------

    def export_client_config(self):
        wanted = self.params["client_config"]
        if wanted is None:
            return
        dest, os_type = wanted["dest"], wanted["os_type"]
        report = {"dest": dest, "os_type": os_type or "default"}
        self.result["client_config"] = report
        server = self.result.get("vpn_server") or {}
        if self.module.check_mode and self.result["changed"]:
            # The content the server will export once changed cannot be read before the change.
            report["changed"] = True
            return
        self.doing = "Exporting the client configuration of VPN server %s" % server.get("id")
        body = {"os_type": os_type} if os_type else {}
        path = "%s/%s/client-config/export" % (api.VPN_SERVERS, path_quote(server["id"]))
        content = self.client.request("POST", path,
                                      body=body, idempotent=True).require("client_config", str)
        current = files.read(dest)
        data = content.encode("utf-8")
        report.update(changed=current != data, checksum=hashlib.sha1(data).hexdigest())
        if not report["changed"]:
            return
        if self.module._diff:
            # The file may hold the user's private key (added after the export): the diff shows a digest and a
            # size, never the content.
            reason = "it may hold a private key"
            file_diff = {"before_header": dest, "after_header": dest,
                         "before": files.summary(current, reason, digest=True),
                         "after": files.summary(data, reason, digest=True)}
            self.result["diff"] = [self.result.get("diff") or {"before": {}, "after": {}}, file_diff]
        self.result["changed"] = True
        if not self.module.check_mode:
            try:
                files.make_directories(os.path.dirname(os.path.abspath(dest)), PRIVATE_DIRECTORY)
                files.write(self.module, dest, data)
            except OSError as error:  # no right to write there, or the path changed since validate
                raise ValidationError("client_config.dest",
                                      "%s: %s." % (error.filename or dest, error.strerror)) from error


def main():
    run_module(P2cServer, dict(
        p2c_vgw_id=dict(type="str"),
        p2c_vgw_name=dict(type="str"),
        tunnel_protocol=dict(type="str", choices=["SSL"]),
        client_cidr=dict(type="str"),
        local_subnets=dict(type="list", elements="str"),
        client_auth_type=dict(type="str", choices=["CERT", "LOCAL_PASSWORD", "IAM", "FEDERATED"]),
        idp_name=dict(type="str"),
        server_certificate=dict(type="dict", options=dict(
            id=dict(type="str"), source=dict(type="str", choices=["CCM", "SERVICE_SIGN"], default="CCM"))),
        client_ca_certificates=dict(type="list", elements="dict", options=dict(
            name=dict(type="str"), content=dict(type="str", required=True))),
        ssl_options=dict(type="dict", options=dict(
            protocol=dict(type="str", choices=["TCP"]), port=dict(type="int", choices=[443, 1194]),
            encryption_algorithm=dict(type="str", choices=["AES-128-GCM", "AES-256-GCM"]),
            is_compressed=dict(type="bool"))),
        dns_servers=dict(type="list", elements="str"),
        client_config=dict(type="dict", options=dict(
            dest=dict(type="path", required=True),
            os_type=dict(type="str", choices=["Windows", "Linux", "macOS", "Android", "iOS"]))),
    ), required_one_of=[["p2c_vgw_id", "p2c_vgw_name"]], mutually_exclusive=[["p2c_vgw_id", "p2c_vgw_name"]])


if __name__ == "__main__":
    main()
