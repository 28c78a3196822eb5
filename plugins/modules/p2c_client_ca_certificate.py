#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: p2c_client_ca_certificate
short_description: Manage the client CA certificates of a Huawei Cloud P2C VPN server
version_added: 0.1.0
description:
  - Uploads, renames and deletes the CA certificates a certificate-authenticated VPN server trusts to sign client
    certificates (API "Uploading a Client CA Certificate", "Querying a Client CA Certificate", "Modifying a Client CA
    Certificate", "Deleting a Client CA Certificate"). A server has at most 10.
  - Before an upload the service verifies the certificate (API "Verifying a Client CA Certificate"); an expired, not
    yet valid, non-CA or otherwise unusable certificate fails the task before anything changes, in check mode too.
  - The certificate is found by O(id), else by O(name), else by its content. The API reports no fingerprint, so
    content is compared by serial number; a different certificate under the same name replaces the old one (the
    new one is uploaded, then the old one deleted). The content is never returned.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  id:
    description:
      - ID of the certificate. When set, the certificate must exist; it is never uploaded from an id.
    type: str
  name:
    description:
      - Name of the certificate, 1 to 64 letters, digits, underscores and hyphens. The API generates one when
        it is not set. With O(id), a different name renames the certificate.
    type: str
  content:
    description:
      - PEM of the CA certificate (its basic constraints must say CA). Needed to upload it.
    type: str
  state:
    description:
      - V(present) uploads or renames the certificate, V(absent) deletes it.
      - A server keeps at least one CA certificate while it uses certificate authentication (C(VPN.1101) on
        deleting the last one); once it has left V(CERT), its certificates can all be deleted.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.SERVER
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Trust the clients' CA
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ other_gateway.p2c_vpn_gateway.id }}"
    name: clients-ca
    content: "{{ lookup('ansible.builtin.file', 'clients-ca.pem') }}"

- name: Renew it under the same name (uploads the new one, deletes the old one)
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ other_gateway.p2c_vpn_gateway.id }}"
    name: clients-ca
    content: "{{ lookup('ansible.builtin.file', 'clients-ca-2.pem') }}"

- name: Trust a partner's CA too
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ other_gateway.p2c_vpn_gateway.id }}"
    name: partners-ca
    content: "{{ lookup('ansible.builtin.file', 'partners-ca.pem') }}"

- name: Stop trusting it (a server keeps at least one client CA certificate)
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ other_gateway.p2c_vpn_gateway.id }}"
    name: partners-ca
    state: absent
"""

RETURN = r"""
client_ca_certificate:
  description:
    - The certificate as the API describes it (API "Querying a Client CA Certificate"); empty after O(state=absent).
      Never its content.
    - In check mode, an upload returns the service's verification of the certificate (API "Verifying a Client CA
      Certificate").
  returned: always
  type: dict
  contains:
    id:
      description: ID of the certificate.
      type: str
    name:
      description: Name of the certificate.
      type: str
    issuer:
      description: Issuer.
      type: str
    subject:
      description: Subject.
      type: str
    serial_number:
      description: Serial number.
      type: str
    expiration_time:
      description: Expiration time (UTC).
      type: str
    signature_algorithm:
      description: Signature algorithm.
      type: str
fingerprint:
  description: SHA-256 of the DER encoding of O(content), computed by the module (the API reports none).
  returned: when O(content) is set
  type: str
"""

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, certificates, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import ResourceModule, ResourceSpec, run_module

DESCRIBED = ("name", "issuer", "subject", "serial_number", "expiration_time", "signature_algorithm")


def _serial(pem):
    return certificates.serial_number("content", pem)


class ClientCaCertificate(ResourceModule):
    spec = ResourceSpec(
        kind="client CA certificate", body_key="client_ca_certificate", list_key="client_ca_certificates",
        path=api.VPN_SERVERS + "/{vpn_server_id}/client-ca-certificates", scope=("vpn_server_id",), client_token=True,
        not_found=api.CLIENT_CA_CERTIFICATE_NOT_FOUND,
        fields={
            "name": Field(update=PUT),
            # Content cannot be changed (the API renames only): another certificate replaces the old one.
            "content": Field(update="replace", api="serial_number", desired=_serial),
        })

    def validate(self):
        p = self.params
        p2c.check_server_options(p)
        validation.uuid("id", p["id"])
        validation.name("name", p["name"], pattern=p2c.NAME_PATTERN, rule=p2c.NAME_RULE)
        if p["content"] is not None:
            validation.check(len(p["content"]) <= 8192, "content", "is longer than 8192 characters.")
            _serial(p["content"])

    def validate_create(self):
        validation.check(self.params["content"] is not None, "content", "is needed to upload a certificate.")

    def resolve(self):
        self.server = p2c.resolve_usable_server(self.client, self.params)

    # -- the certificates of the server ---------------------------------------------------------------

    def list(self):
        # There is no list API: the server describes its certificates.
        return list(self.server.get("client_ca_certificates") or [])

    def find(self):
        p = self.params
        if p["id"] or p["name"]:
            return super().find()
        serial = _serial(p["content"])
        matches = [c for c in self.list() if c.get("serial_number") == serial]
        return matches[0] if matches else None

    def describe(self):
        return "client CA certificate %s of VPN server %s" % (
            repr(self.params["name"]) if self.params["name"] else self.params["id"] or "(by content)",
            self.params["vpn_server_id"])

    # -- upload, replace --------------------------------------------------------------------------------

    def verify(self):
        """The service's description of the certificate ("Verifying a Client CA Certificate"), or its error: a read
        that writes nothing."""
        body = {"content": self.params["content"]}
        if self.params["name"]:
            body["name"] = self.params["name"]
        return self.client.request("POST", api.VPN_SERVERS + "/client-ca-certificates/check",
                                   body={"client_ca_certificate": body}, idempotent=True).body

    def create_body(self, body):
        self.verified = self.verify()
        body = {"content": self.params["content"]}
        if self.params["name"]:
            body["name"] = self.params["name"]
        return body

    def predict_created(self, body):
        return dict((k, v) for k, v in self.verified.items() if k in DESCRIBED)

    def sanitize(self, resource):
        return dict((k, v) for k, v in resource.items() if k != "content")

    def plan_update(self, resource):
        plan = super().plan_update(resource)
        if "replace" not in plan.actions:
            return plan
        self.doing = "Replacing %s" % self.describe()
        self.verified = self.verify()
        # The replacement is uploaded under the name: no rename request.
        plan.body = {}
        plan.after = dict(plan.before, serial_number=self.verified["serial_number"],
                          name=self.params["name"] or resource.get("name"))
        plan.predicted = self.predict_created({})
        return plan

    def apply_replace(self, resource, plan):
        """Upload the new certificate under the name, then delete the old one."""
        path = self.collection_path()
        body = {"name": plan.after["name"], "content": self.params["content"]}
        created = self.client.request("POST", path, body={"client_ca_certificate": body},
                                      client_token=True).require(self.spec.body_key)
        self.mark_changed()
        self.client.request("DELETE", "%s/%s" % (path, path_quote(resource["id"])))
        replacement = self.fetch(created["id"])
        if replacement is None:
            raise HwcError("the uploaded certificate %s is gone" % created["id"])
        return replacement

    def report(self, plan, outcome):
        super().report(plan, outcome)
        if self.params["content"] is not None:
            self.result["fingerprint"] = certificates.fingerprint("content", self.params["content"])


def main():
    options = dict(name=dict(type="str"), content=dict(type="str"))
    options.update(p2c.server_options())
    run_module(ClientCaCertificate, options, required_one_of=[["id", "name", "content"],
                                                              p2c.SERVER_OPTIONS],
               mutually_exclusive=[p2c.SERVER_OPTIONS])


if __name__ == "__main__":
    main()
