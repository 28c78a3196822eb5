"""Paging as the reference documents it: a marker "must be used together with limit", the limit ranges of each
list, limit 0, and page boundaries inside a group of records created at the same time (a batch of users shares
one creation time, so a marker that is a time would skip or repeat users there)."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from support.p2c_api import SERVERS, create_server

CUSTOMER_GATEWAYS = "/v5/{project}/customer-gateways"
CONNECTIONS = "/v5/{project}/vpn-connection"


@pytest.fixture
def base(api) -> str:
    return f"{SERVERS}/{create_server(api)['id']}"


def batch(api, base: str, names: List[str]) -> None:
    users = [{"name": name, "password": "Secret-Pass-1"} for name in names]
    assert api.ok("POST", base + "/users/batch-create", {"users": users}, expected=201)["invalid_users"] == []


def pages(api, path: str, key: str, limit: int) -> List[Dict[str, Any]]:
    """Every page of a list, following next_marker as a client does."""
    found: List[Dict[str, Any]] = []
    query: Dict[str, Any] = {"limit": limit}
    while True:
        page = api.ok("GET", path, query=query)
        found.append(page)
        marker = page["page_info"].get("next_marker")
        if not marker:
            return found
        query = {"limit": limit, "marker": marker}


def test_a_marker_needs_a_limit(api, base):
    batch(api, base, ["user-a", "user-b"])
    first = api.ok("GET", base + "/users", query={"limit": 1})
    marker = first["page_info"]["next_marker"]
    assert api.error("GET", base + "/users", query={"marker": marker}) == (400, "VPN.0001")
    assert api.error("GET", CUSTOMER_GATEWAYS, query={"marker": "2025-06-28T02:22:27.240Z"}) == (400, "VPN.0001")


def test_page_boundaries_inside_a_batch_of_equal_creation_times(api, base):
    api.ok("POST", base + "/users", {"user": {"name": "alone-1", "password": "Secret-Pass-1"}}, expected=201)
    batch(api, base, [f"batch-{n}" for n in range(5)])
    api.ok("POST", base + "/users", {"user": {"name": "alone-2", "password": "Secret-Pass-1"}}, expected=201)
    everything = api.ok("GET", base + "/users")["users"]
    times = [u["created_at"] for u in everything]
    assert len(set(times[1:6])) == 1 and times[0] < times[1] < times[6]  # the batch shares one creation time
    expected = ["alone-1"] + [f"batch-{n}" for n in range(5)] + ["alone-2"]
    assert [u["name"] for u in everything] == expected
    for limit in (1, 2, 3, 4):
        found = pages(api, base + "/users", "users", limit)
        assert [u["name"] for page in found for u in page["users"]] == expected, limit
        for page in found[:-1]:
            last, marker = page["users"][-1], page["page_info"]["next_marker"]
            following = everything[everything.index(last) + 1]
            # The documented marker (a creation time) unless the next user shares it: then the user's id.
            assert marker == (last["id"] if following["created_at"] == last["created_at"] else last["created_at"])


def test_a_time_marker_is_accepted_back(api, base):
    api.ok("POST", base + "/users", {"user": {"name": "first", "password": "Secret-Pass-1"}}, expected=201)
    batch(api, base, ["second", "third"])
    created = api.ok("GET", base + "/users")["users"][0]["created_at"]
    after = api.ok("GET", base + "/users", query={"limit": 10, "marker": created})["users"]
    assert [u["name"] for u in after] == ["second", "third"]


def test_groups_members_and_policies_page_the_same_way(api, base):
    group = api.ok("POST", base + "/groups", {"user_group": {"name": "ops"}}, expected=201)["user_group"]
    users = [{"name": f"member-{n}", "password": "Secret-Pass-1", "user_group_name": "ops"} for n in range(4)]
    api.ok("POST", base + "/users/batch-create", {"users": users}, expected=201)
    found = pages(api, f"{base}/groups/{group['id']}/users", "users", 3)
    assert [u["name"] for page in found for u in page["users"]] == [u["name"] for u in users]


@pytest.mark.parametrize("path, maximum", [(CUSTOMER_GATEWAYS, 200), (CONNECTIONS, 2000)])
def test_limit_ranges_per_list(api, path, maximum):
    # 4.1.2.3: 0 to 200 (default 200); 4.1.3.4: 0 to 2000 (default 2000). 0 is in range: the default page.
    assert api.ok("GET", path, query={"limit": maximum})["page_info"]["current_count"] == 0
    assert api.ok("GET", path, query={"limit": 0})["page_info"]["current_count"] == 0
    assert api.error("GET", path, query={"limit": maximum + 1}) == (400, "VPN.0001")
    assert api.error("GET", path, query={"limit": -1}) == (400, "VPN.0001")


def test_limit_zero_is_the_default_page(api):
    for index in range(3):
        api.ok("POST", CUSTOMER_GATEWAYS, {"customer_gateway": {"name": f"cgw-{index}",
                                                                "id_value": f"203.0.113.{index + 1}"}}, expected=201)
    answer = api.ok("GET", CUSTOMER_GATEWAYS, query={"limit": 0})
    assert len(answer["customer_gateways"]) == 3 and "next_marker" not in answer["page_info"]
