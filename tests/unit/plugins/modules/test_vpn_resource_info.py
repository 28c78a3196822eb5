"""vpn_resource_info: the query body built from the options, and paging through more than one page."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.modules import vpn_resource_info


def params(**overrides):
    base = {"tags": None, "without_any_tag": False, "name": None, "count_only": False,
            "resource_type": list(vpn_resource_info.RESOURCE_TYPES)}
    base.update(overrides)
    return base


def test_query_body_from_options():
    body = vpn_resource_info.query_body(params(tags={"site": "paris", "team": ["net", 7], "owner": None},
                                               name="office"))
    assert body == {"tags": [{"key": "owner", "values": []}, {"key": "site", "values": ["paris"]},
                             {"key": "team", "values": ["net", "7"]}],
                    "matches": [{"key": "resource_name", "value": "office"}]}
    assert vpn_resource_info.query_body(params()) == {}
    assert vpn_resource_info.query_body(params(without_any_tag=True)) == {"without_any_tag": True}


@pytest.mark.parametrize("options, option", [
    ({"without_any_tag": True, "tags": {"a": "b"}}, "tags"),
    ({"tags": dict(("k%d" % i, "v") for i in range(21))}, "tags"),
    ({"tags": {"bad/key": "v"}}, "tags"),
    ({"tags": {"k": "bad;value"}}, "tags"),
    ({"tags": {"k": ["v%d" % i for i in range(21)]}}, "tags"),
    ({"name": "n" * 256}, "name"),
])
def test_query_body_refuses_what_the_api_would(options, option):
    with pytest.raises(ValidationError) as raised:
        vpn_resource_info.query_body(params(**options))
    assert raised.value.option == option


class FakeClient:
    """Answers filter queries from a list of resources, page by page, as the API does."""

    def __init__(self, total, report_total=True):
        self.resources = [{"resource_id": "id-%d" % i, "resource_name": "r%d" % i, "tags": []} for i in range(total)]
        self.report_total = report_total
        self.calls = []

    def request(self, method, path, query=None, body=None, idempotent=None):
        self.calls.append((method, path, dict(query or {}), body, idempotent))

        class Answer:
            pass

        answer = Answer()
        page = self.resources[query["offset"]:query["offset"] + query["limit"]]
        answer.body = {"resources": page}
        if self.report_total:
            answer.body["total_count"] = len(self.resources)
        return answer


@pytest.mark.parametrize("total, pages", [(0, 1), (999, 1), (1000, 1), (1001, 2), (2500, 3)])
def test_find_reads_every_page(total, pages):
    client = FakeClient(total)
    found, count = vpn_resource_info.find(client, "customer-gateway", {"tags": []})
    assert count == total and [r["resource_id"] for r in found] == ["id-%d" % i for i in range(total)]
    assert all(r["resource_type"] == "customer-gateway" for r in found)
    assert [c[2] for c in client.calls] == [{"limit": 1000, "offset": 1000 * i} for i in range(pages)]
    assert all(c[:2] == ("POST", "/v5/{project_id}/customer-gateway/resource-instances/filter") and c[4] is True
               for c in client.calls)


def test_find_without_total_count_stops_at_a_short_page():
    client = FakeClient(1500, report_total=False)
    found, count = vpn_resource_info.find(client, "vpn-gateway", {})
    assert count == 1500 and len(found) == 1500 and len(client.calls) == 2


def test_find_stops_on_an_endless_list(monkeypatch):
    class Endless(FakeClient):
        def request(self, method, path, query=None, body=None, idempotent=None):
            answer = super().request(method, path, dict(query, offset=0), body, idempotent)
            answer.body.pop("total_count")
            return answer

    monkeypatch.setattr(vpn_resource_info, "MAX_PAGES", 3)
    with pytest.raises(HwcError):
        vpn_resource_info.find(Endless(1000), "vpn-gateway", {})
