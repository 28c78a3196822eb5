"""p2c_client_ca_certificate: new content under the same name is a declared "replace" action of the plan (upload
the new certificate, delete the old one), never a rename request; check mode reports the service's verification."""

import copy
from typing import Any, List, Optional

from support.certs import issue

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Response
from ansible_collections.hwcloud.vpn.plugins.module_utils import certificates
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import module_argument_spec
from ansible_collections.hwcloud.vpn.plugins.modules.p2c_client_ca_certificate import ClientCaCertificate
from support.fake_client import ReadsThroughRequest
from support.fake_module import FakeModule

OLD, NEW = issue("old-clients-ca", ca=True), issue("new-clients-ca", ca=True)
SERVER_ID = "7625fd92-2e20-4e4d-8c56-66f110fbfaa8"
CURRENT = {"id": "ca-1", "name": "clients-ca", "serial_number": certificates.serial_number("c", OLD.pem)}


def answer(body: Any) -> Response:
    return Response(200, body, {})


class FakeClient(ReadsThroughRequest):
    def __init__(self) -> None:
        self.calls: List[tuple] = []
        self.certificates = {"ca-1": dict(CURRENT)}

    def request(self, method: str, path: str, query: Any = None, body: Any = None, idempotent: Any = None,
                client_token: bool = False, recover: Optional[Any] = None) -> Response:
        self.calls.append((method, path.rsplit("/", 1)[-1], copy.deepcopy(body)))
        if path.endswith("/check"):
            serial = certificates.serial_number("c", body["client_ca_certificate"]["content"])
            return answer({"serial_number": serial, "issuer": "CN=new", "content": "never shown"})
        if method == "POST":
            created = {"id": "ca-2", "name": body["client_ca_certificate"]["name"],
                       "serial_number": certificates.serial_number("c", body["client_ca_certificate"]["content"])}
            self.certificates["ca-2"] = created
            return answer({"client_ca_certificate": created})
        if method == "DELETE":
            self.certificates.pop(path.rsplit("/", 1)[-1])
            return answer({})
        return answer({"client_ca_certificate": self.certificates[path.rsplit("/", 1)[-1]]})


def module(**given: Any) -> ClientCaCertificate:
    options = {"name": {}, "content": {}, "vpn_server_id": {}, "p2c_vgw_id": {}}
    params = {name: option.get("default") for name, option in
              module_argument_spec(ClientCaCertificate.spec, options).items()}
    params.update(given, vpn_server_id=SERVER_ID)
    return ClientCaCertificate(FakeModule(params), FakeClient())


def test_new_content_is_a_replace_action_without_a_rename() -> None:
    task = module(name="clients-ca", content=NEW.pem)
    plan = task.plan(CURRENT)
    assert plan.actions == ["replace"] and plan.body == {}
    assert plan.after == {"name": "clients-ca", "serial_number": certificates.serial_number("c", NEW.pem)}
    assert plan.predicted == {"serial_number": plan.after["serial_number"], "issuer": "CN=new"}
    assert [call[0] for call in task.client.calls] == ["POST"]  # the verification, a read
    outcome = task.apply(plan)
    assert [(method, last) for method, last, _body in task.client.calls[1:] if method != "GET"] == [
        ("POST", "client-ca-certificates"), ("DELETE", "ca-1")]
    assert outcome.resource["id"] == "ca-2" and set(task.client.certificates) == {"ca-2"}
    task.report(plan, outcome)
    assert task.result["fingerprint"] == certificates.fingerprint("content", NEW.pem)
    assert "content" not in task.result["client_ca_certificate"]


def test_the_same_content_under_a_new_name_is_a_rename() -> None:
    task = module(name="renamed", content=OLD.pem, id="ca-1")
    plan = task.plan(CURRENT)
    assert plan.actions == [] and plan.body == {"name": "renamed"}
