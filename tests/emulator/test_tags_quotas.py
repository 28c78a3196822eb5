"""4.3 in the emulator: quotas (4.3.1) and the tag service (4.3.2), with signed requests and with the official
SDK (huaweicloudsdkvpn) parsing every answer into its models."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from conftest import SignedClient
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkvpn.v5 import (BatchCreateResourceTagsRequest, BatchDeleteResourceTagsRequest,
                                  CountResourcesByTagsRequest, CreateResourcesTagsRequestBody,
                                  DeleteResourcesTagsRequestBody, ListProjectTagsRequest, ListResourcesByTagsRequest,
                                  Match, QueryResourcesRequestBody, ShowQuotasInfoRequest, ShowResourceTagsRequest,
                                  Tag, VpnClient, VpnResourceTag)

CGWS = "/v5/{project}/customer-gateways"
QUOTAS = "/v5/{project}/vpn/quotas"
TYPES = ("vpn-gateway", "customer-gateway", "vpn-connection", "p2c-vpn-gateways")


def customer_gateway(api: SignedClient, name: str, address: str, tags: Dict[str, str] = None) -> Dict[str, Any]:
    body = {"name": name, "id_value": address}
    if tags is not None:
        body["tags"] = [{"key": k, "value": v} for k, v in tags.items()]
    return api.ok("POST", CGWS, {"customer_gateway": body}, expected=201)["customer_gateway"]


@pytest.fixture
def offices(api: SignedClient) -> Dict[str, Dict[str, Any]]:
    """Five customer gateways with the tags the queries below select on."""
    return {
        "paris": customer_gateway(api, "office-paris", "203.0.113.1", {"site": "paris", "env": "prod"}),
        "lyon": customer_gateway(api, "office-lyon", "203.0.113.2", {"site": "lyon", "env": "prod"}),
        "nice": customer_gateway(api, "office-nice", "203.0.113.3", {"site": "nice", "env": "test"}),
        "lab": customer_gateway(api, "lab", "203.0.113.4", {"env": ""}),
        "bare": customer_gateway(api, "office-bare", "203.0.113.5"),
    }


def names(answer: Dict[str, Any]) -> List[str]:
    return sorted(r["resource_name"] for r in answer["resources"])


# -- 4.3.1 quotas -------------------------------------------------------------------------------------------

def test_quotas_count_what_exists(api, emulator):
    answer = api.ok("GET", QUOTAS)
    assert answer["request_id"]
    quotas = {r["type"]: r for r in answer["quotas"]["resources"]}
    assert set(quotas) == {"vpn_gateway", "customer_gateway", "vpn_connection"}
    assert {k: (v["quota"], v["used"]) for k, v in quotas.items()} == {
        "vpn_gateway": (50, 0), "customer_gateway": (100, 0), "vpn_connection": (5000, 0)}
    customer_gateway(api, "a", "203.0.113.1")
    customer_gateway(api, "b", "203.0.113.2")
    emulator.app.store.fixtures["quotas"] = {"customer_gateway": 7}
    quotas = {r["type"]: r for r in api.ok("GET", QUOTAS)["quotas"]["resources"]}
    assert (quotas["customer_gateway"]["quota"], quotas["customer_gateway"]["used"]) == (7, 2)
    assert quotas["vpn_gateway"]["quota"] == 50


# -- 4.3.2.3-5 tags of one resource -------------------------------------------------------------------------

def test_tag_batches(api, offices):
    base = "/v5/{project}/customer-gateway/%s/tags" % offices["paris"]["id"]
    api.ok("POST", base + "/create", {"tags": [{"key": "owner", "value": "net"}, {"key": "site", "value": "PAR"},
                                               {"key": "flag"}]}, expected=204)
    assert {t["key"]: t["value"] for t in api.ok("GET", base)["tags"]} == {
        "site": "PAR", "env": "prod", "owner": "net", "flag": ""}
    # A value that does not match keeps the tag; a key alone removes it whatever its value.
    api.ok("POST", base + "/delete", {"tags": [{"key": "owner", "value": "other"}, {"key": "site"}]}, expected=204)
    assert {t["key"] for t in api.ok("GET", base)["tags"]} == {"env", "owner", "flag"}
    api.ok("POST", base + "/delete", {"tags": [{"key": "owner", "value": "net"}]}, expected=204)
    assert {t["key"] for t in api.ok("GET", base)["tags"]} == {"env", "flag"}
    # The resource's own API shows the same tags.
    shown = api.ok("GET", CGWS + "/" + offices["paris"]["id"])["customer_gateway"]
    assert {t["key"] for t in shown["tags"]} == {"env", "flag"}


@pytest.mark.parametrize("tags", [
    [{"key": "k%d" % i, "value": "v"} for i in range(21)],
    [{"key": "bad/key", "value": "v"}],
    [{"key": "", "value": "v"}],
    [{"key": "k" * 129, "value": "v"}],
    [{"key": "k", "value": "v" * 256}],
    [{"key": "k", "value": "semi;colon"}],
    [],
], ids=["21 tags", "slash in key", "empty key", "long key", "long value", "bad value", "none"])
def test_invalid_tag_batches(api, offices, tags):
    base = "/v5/{project}/customer-gateway/%s/tags" % offices["paris"]["id"]
    assert api.error("POST", base + "/create", {"tags": tags}) == (400, "VPN.0001")
    assert {t["key"] for t in api.ok("GET", base)["tags"]} == {"site", "env"}


def test_tag_limits_are_per_request(api, offices):
    # 4.3.2.3: "A maximum of 20 tags can be specified" in a request; the reference sets no limit per resource.
    base = "/v5/{project}/customer-gateway/%s/tags" % offices["paris"]["id"]
    api.ok("POST", base + "/create", {"tags": [{"key": "k%d" % i, "value": "v"} for i in range(18)]}, expected=204)
    api.ok("POST", base + "/create", {"tags": [{"key": "one-more", "value": "v"}]}, expected=204)
    assert len(api.ok("GET", base)["tags"]) == 21
    # Changing the value of an existing key is not a new tag.
    api.ok("POST", base + "/create", {"tags": [{"key": "site", "value": "paris-2"}]}, expected=204)
    assert len(api.ok("GET", base)["tags"]) == 21
    too_many = {"tags": [{"key": "k%d" % i} for i in range(21)]}
    assert api.error("POST", base + "/delete", too_many) == (400, "VPN.0001")


def test_tags_of_an_unknown_resource(api):
    missing = "/v5/{project}/customer-gateway/00000000-0000-4000-8000-000000000000/tags"
    assert api.error("GET", missing) == (404, "VPN.0004")
    assert api.error("POST", missing + "/create", {"tags": [{"key": "k", "value": "v"}]}) == (404, "VPN.0004")


# -- 4.3.2.6 project tags -----------------------------------------------------------------------------------

def test_project_tags(api, offices):
    answer = api.ok("GET", "/v5/{project}/customer-gateway/tags")
    assert {t["key"]: sorted(t["values"]) for t in answer["tags"]} == {
        "site": ["lyon", "nice", "paris"], "env": ["", "prod", "test"]}
    for other in ("vpn-gateway", "vpn-connection", "p2c-vpn-gateways"):
        assert api.ok("GET", "/v5/{project}/%s/tags" % other)["tags"] == []


# -- 4.3.2.1-2 resource queries ------------------------------------------------------------------------------

QUERIES = [
    # (request body, customer gateways expected)
    ({}, ["lab", "office-bare", "office-lyon", "office-nice", "office-paris"]),
    ({"tags": [{"key": "env", "values": ["prod"]}]}, ["office-lyon", "office-paris"]),
    ({"tags": [{"key": "env", "values": ["prod", "test"]}]}, ["office-lyon", "office-nice", "office-paris"]),
    ({"tags": [{"key": "env", "values": []}]}, ["lab", "office-lyon", "office-nice", "office-paris"]),
    ({"tags": [{"key": "env", "values": [""]}]}, ["lab"]),
    ({"tags": [{"key": "env", "values": ["prod"]}, {"key": "site", "values": ["paris", "nice"]}]}, ["office-paris"]),
    ({"tags": [{"key": "nothere", "values": []}]}, []),
    ({"matches": [{"key": "resource_name", "value": "office"}]},
     ["office-bare", "office-lyon", "office-nice", "office-paris"]),
    ({"matches": [{"key": "resource_name", "value": "office"}], "tags": [{"key": "env", "values": ["test"]}]},
     ["office-nice"]),
    ({"without_any_tag": True}, ["office-bare"]),
    ({"without_any_tag": "true", "tags": [{"key": "env", "values": ["prod"]}]}, ["office-bare"]),
    ({"without_any_tag": True, "matches": [{"key": "resource_name", "value": "lab"}]}, []),
    ({"without_any_tag": "false", "tags": [{"key": "site", "values": ["lyon"]}]}, ["office-lyon"]),
]


@pytest.mark.parametrize("body, expected", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_resource_queries(api, offices, body, expected):
    found = api.ok("POST", "/v5/{project}/customer-gateway/resource-instances/filter", body)
    assert names(found) == expected and found["total_count"] == len(expected)
    counted = api.ok("POST", "/v5/{project}/customer-gateway/resource-instances/count", body)
    assert counted["total_count"] == len(expected)


def test_query_results(api, offices):
    found = api.ok("POST", "/v5/{project}/customer-gateway/resource-instances/filter",
                   {"tags": [{"key": "site", "values": ["paris"]}]})
    assert found["resources"] == [{"resource_id": offices["paris"]["id"], "resource_name": "office-paris",
                                   "resource_detail": None,
                                   "tags": [{"key": "site", "value": "paris"}, {"key": "env", "value": "prod"}]}]
    for other in ("vpn-gateway", "vpn-connection", "p2c-vpn-gateways"):
        answer = api.ok("POST", "/v5/{project}/%s/resource-instances/filter" % other, {})
        # 4.3.2.1 (and the SDK's model): no request_id in the body, only in the X-Request-Id header.
        assert answer == {"resources": [], "total_count": 0}


def test_query_paging(api, offices):
    path = "/v5/{project}/customer-gateway/resource-instances/filter"
    pages = [api.ok("POST", path, {}, query={"limit": 2, "offset": offset}) for offset in (0, 2, 4, 6)]
    assert [len(p["resources"]) for p in pages] == [2, 2, 1, 0]
    assert {p["total_count"] for p in pages} == {5}
    seen = [r["resource_id"] for p in pages for r in p["resources"]]
    assert sorted(seen) == sorted(o["id"] for o in offices.values())


@pytest.mark.parametrize("query, body", [
    ({"limit": 0}, {}),
    ({"limit": 1001}, {}),
    ({"offset": -1}, {}),
    ({"limit": "ten"}, {}),
    ({}, {"tags": [{"key": "k%d" % i, "values": []} for i in range(21)]}),
    ({}, {"tags": [{"key": "k", "values": ["v%d" % i for i in range(21)]}]}),
    ({}, {"tags": [{"key": "k"}]}),
    ({}, {"tags": [{"key": "", "values": []}]}),
    ({}, {"matches": [{"key": "resource_id", "value": "x"}]}),
    ({}, {"without_any_tag": "yes"}),
    ({}, {"colour": "blue"}),
], ids=["limit 0", "limit 1001", "offset -1", "limit text", "21 tags", "21 values", "no values", "empty key",
        "match key", "without_any_tag text", "unknown field"])
def test_invalid_queries(api, offices, query, body):
    path = "/v5/{project}/customer-gateway/resource-instances/filter"
    assert api.error("POST", path, body, query=query) == (400, "VPN.0001")


def test_unknown_resource_type(api):
    for action in ("filter", "count"):
        assert api.error("POST", "/v5/{project}/vpn-gateways/resource-instances/%s" % action, {}) == (400, "VPN.0001")


def test_every_taggable_collection_is_served(api, emulator, offices):
    """Records of each type the reference lists are found through their own resource type only."""
    for resource_type, collection in (("vpn-gateway", "vpn_gateways"), ("vpn-connection", "vpn_connections"),
                                      ("p2c-vpn-gateways", "p2c_gateways")):
        emulator.app.store.insert(collection, {"name": "tagged-" + resource_type, "created_at": "2025-01-01T00:00:00Z",
                                               "tags": [{"key": "site", "value": "paris"}]})
    for resource_type in TYPES:
        found = api.ok("POST", "/v5/{project}/%s/resource-instances/filter" % resource_type,
                       {"tags": [{"key": "site", "values": ["paris"]}]})
        expected = ["office-paris"] if resource_type == "customer-gateway" else ["tagged-" + resource_type]
        assert names(found) == expected


# -- the official SDK ---------------------------------------------------------------------------------------

@pytest.fixture
def sdk(emulator, sdk_home):
    account = emulator.app.config.account
    return VpnClient.new_builder() \
        .with_credentials(BasicCredentials(account.access_key, account.secret_key, account.project_id)) \
        .with_endpoints([emulator.url]).build()


def test_sdk_quotas(sdk, api):
    customer_gateway(api, "a", "203.0.113.1")
    quotas = sdk.show_quotas_info(ShowQuotasInfoRequest()).quotas
    by_type = {q.type: (q.quota, q.used) for q in quotas.resources}
    assert by_type == {"vpn_gateway": (50, 0), "customer_gateway": (100, 1), "vpn_connection": (5000, 0)}


def test_sdk_tags(sdk, offices):
    paris = offices["paris"]["id"]
    sdk.batch_create_resource_tags(BatchCreateResourceTagsRequest(
        resource_type="customer-gateway", resource_id=paris,
        body=CreateResourcesTagsRequestBody(tags=[VpnResourceTag(key="owner", value="net")])))
    shown = sdk.show_resource_tags(ShowResourceTagsRequest(resource_type="customer-gateway", resource_id=paris))
    assert {t.key: t.value for t in shown.tags} == {"site": "paris", "env": "prod", "owner": "net"}
    sdk.batch_delete_resource_tags(BatchDeleteResourceTagsRequest(
        resource_type="customer-gateway", resource_id=paris,
        body=DeleteResourcesTagsRequestBody(tags=[VpnResourceTag(key="owner", value="net")])))

    project = sdk.list_project_tags(ListProjectTagsRequest(resource_type="customer-gateway"))
    assert {t.key: sorted(t.values) for t in project.tags}["site"] == ["lyon", "nice", "paris"]

    body = QueryResourcesRequestBody(tags=[Tag(key="env", values=["prod"])],
                                     matches=[Match(key="resource_name", value="office")])
    listed = sdk.list_resources_by_tags(ListResourcesByTagsRequest(resource_type="customer-gateway", limit="1",
                                                                   offset="1", body=body))
    assert listed.total_count == 2 and len(listed.resources) == 1
    assert listed.resources[0].resource_name in ("office-paris", "office-lyon")
    assert listed.resources[0].tags[0].key in ("site", "env")
    counted = sdk.count_resources_by_tags(CountResourcesByTagsRequest(
        resource_type="customer-gateway", body=QueryResourcesRequestBody(without_any_tag=True)))
    assert counted.total_count == 1


def test_sdk_errors(sdk):
    with pytest.raises(ClientRequestException) as raised:
        sdk.show_resource_tags(ShowResourceTagsRequest(resource_type="customer-gateway",
                                                       resource_id="00000000-0000-4000-8000-000000000000"))
    assert raised.value.status_code == 404 and raised.value.error_code == "VPN.0004"
