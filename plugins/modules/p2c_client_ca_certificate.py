#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: p2c_client_ca_certificate
short_description: Manage the client CA certificates of a Huawei Cloud P2C VPN server
version_added: 0.1.0
description:
  - Uploads, renames and deletes the CA certificates a certificate-authenticated VPN server trusts to sign client
    certificates (API sections 4.2.2.7 to 4.2.2.10). A server has at most 10.
  - Before an upload the service verifies the certificate (4.2.2.6); an expired, not yet valid, non-CA or
    otherwise unusable certificate fails the task before anything changes, in check mode too.
  - The certificate is found by O(id), else by O(name), else by its content. The API reports no fingerprint, so
    content is compared by serial number; a different certificate under the same name replaces the old one (the
    new one is uploaded, then the old one deleted). The content is never returned.
author: hwcloud.vpn contributors (@hwcloud-vpn)
options:
  vpn_server_id:
    description:
      - ID of the VPN server. Set this or O(p2c_vgw_id).
    type: str
  p2c_vgw_id:
    description:
      - ID of the P2C VPN gateway whose server the certificate belongs to. Set this or O(vpn_server_id).
    type: str
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
      - A server must keep at least one CA certificate while it uses certificate authentication, and have none
        to leave it (C(VPN.1125)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - hwcloud.vpn.auth
  - hwcloud.vpn.auth.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Trust the clients' CA
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: clients-ca
    content: "{{ lookup('ansible.builtin.file', 'clients-ca.pem') }}"

- name: Renew it under the same name (uploads the new one, deletes the old one)
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: clients-ca
    content: "{{ lookup('ansible.builtin.file', 'clients-ca-2.pem') }}"

- name: Stop trusting it
  hwcloud.vpn.p2c_client_ca_certificate:
    p2c_vgw_id: "{{ gateway.p2c_vpn_gateway.id }}"
    name: clients-ca
    state: absent
"""

RETURN = r"""
client_ca_certificate:
  description:
    - The certificate as the API describes it (4.2.2.8); empty after O(state=absent). Never its content.
    - In check mode, an upload returns the service's verification of the certificate (4.2.2.6).
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

from ansible_collections.hwcloud.vpn.plugins.module_utils import certificates, p2c, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import ResourceModule, ResourceSpec, run_module

NOT_FOUND = "VPN.1115"
DESCRIBED = ("name", "issuer", "subject", "serial_number", "expiration_time", "signature_algorithm")


def _serial(pem):
    return certificates.serial_number("content", pem)


class ClientCaCertificate(ResourceModule):
    spec = ResourceSpec(
        kind="client CA certificate", body_key="client_ca_certificate", list_key="client_ca_certificates",
        path=p2c.SERVERS + "/{vpn_server_id}/client-ca-certificates", scope=("vpn_server_id",), client_token=True,
        fields={
            "name": Field(update=PUT),
            # Content cannot be changed (4.2.2.9 renames only): another certificate replaces the old one.
            "content": Field(update="replace", api="serial_number", desired=_serial),
        })

    def validate(self):
        p = self.params
        p2c.check_server_options(p)
        validation.uuid("id", p["id"])
        validation.name("name", p["name"], pattern=p2c.NAME_PATTERN, rule=p2c.NAME_RULE)
        if p["content"] is not None:
            validation.check(len(p["content"]) <= 8192, "content", "is longer than 8192 characters.")
            self.result["fingerprint"] = certificates.fingerprint("content", p["content"])
            _serial(p["content"])

    def validate_create(self):
        validation.check(self.params["content"] is not None, "content", "is needed to upload a certificate.")

    def resolve(self):
        self.server = p2c.resolve_server(self.client, self.params)

    # -- the certificates of the server ---------------------------------------------------------------

    def list(self):
        # There is no list API: the server describes its certificates (4.2.2.2).
        return list(self.server.get("client_ca_certificates") or [])

    def fetch(self, resource_id):
        try:
            return self.client.get(self.item_path(resource_id)).get(self.spec.body_key)
        except ApiError as error:
            if p2c.missing(error, NOT_FOUND):
                return None
            raise

    def find(self):
        p = self.params
        if p["id"] or p["name"]:
            return super(ClientCaCertificate, self).find()
        serial = _serial(p["content"])
        matches = [c for c in self.list() if c.get("serial_number") == serial]
        return matches[0] if matches else None

    def describe(self):
        return "client CA certificate %s of VPN server %s" % (
            repr(self.params["name"]) if self.params["name"] else self.params["id"] or "(by content)",
            self.params["vpn_server_id"])

    # -- upload, replace --------------------------------------------------------------------------------

    def verify(self):
        """The service's description of the certificate (4.2.2.6), or its error: a read that writes nothing."""
        body = {"content": self.params["content"]}
        if self.params["name"]:
            body["name"] = self.params["name"]
        return self.client.request("POST", p2c.SERVERS + "/client-ca-certificates/check",
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

    def update(self, resource):
        content = self.params["content"]
        if content is None or _serial(content) == resource.get("serial_number"):
            return super(ClientCaCertificate, self).update(resource)
        self.doing("Replacing %s" % self.describe())
        verified = self.verify()
        before = self.view(resource)
        name = self.params["name"] or resource.get("name")
        after = dict(before, serial_number=verified["serial_number"], name=name)
        if self.module.check_mode:
            self._set_result(True, dict((k, v) for k, v in verified.items() if k in DESCRIBED), before, after)
            return
        path = self.collection_path()
        created = self.client.request("POST", path, body={"client_ca_certificate": {"name": name, "content": content}},
                                      client_token=True).body[self.spec.body_key]
        self.result["changed"] = True
        self.client.request("DELETE", "%s/%s" % (path, path_quote(resource["id"])))
        replacement = self.fetch(created["id"])
        if replacement is None:
            raise HwcError("the uploaded certificate %s is gone" % created["id"])
        self._set_result(True, replacement, before, self.view(replacement))


def main():
    options = dict(name=dict(type="str"), content=dict(type="str"))
    options.update(p2c.server_options())
    run_module(ClientCaCertificate, options, required_one_of=[["id", "name", "content"],
                                                              ["vpn_server_id", "p2c_vgw_id"]],
               mutually_exclusive=[["vpn_server_id", "p2c_vgw_id"]])


if __name__ == "__main__":
    main()
