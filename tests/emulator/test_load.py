"""The emulator under load on loopback: about two and a half thousand signed requests (the official SDK's signer) from several
threads at once, creating, reading, listing, updating and deleting customer gateways and P2C user groups and users.
Every answer is checked, and afterwards the state is consistent: the lists hold exactly what the threads kept (no
lost and no phantom resource), group member counts and the quota's used numbers match. Bounded: a fixed number of
requests per thread, no wall-clock assertion."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

from support import p2c_api
from support.signed_client import TRANSITION, SignedClient

from emulator.config import Config
from emulator.server import BackgroundEmulator

THREADS = 4
ROUNDS = 20  # customer gateways: each round creates 5 and deletes 3 of them
CREATED_PER_ROUND, DELETED_PER_ROUND = 5, 3
GROUPS_PER_THREAD = 3
USERS_PER_THREAD = 32
CGWS = "/v5/{project}/customer-gateways"
QUOTAS = "/v5/{project}/vpn/quotas"


class Counter:
    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self, count: int = 1) -> None:
        with self._lock:
            self.value += count


def list_all(api: SignedClient, path: str, key: str, sent: Counter, limit: int = 20) -> List[Dict[str, Any]]:
    """Every item of a marker-paged list, page by page (bounded)."""
    items: List[Dict[str, Any]] = []
    marker = None
    for dummy in range(100):
        query = {"limit": limit}
        if marker:
            query["marker"] = marker
        page = api.ok("GET", path, query=query)
        sent.add()
        items += page[key]
        marker = (page.get("page_info") or {}).get("next_marker")
        if not marker or not page[key]:
            return items
    raise AssertionError(f"{path}: more than 100 pages")


def customer_gateway_worker(api: SignedClient, thread: int, sent: Counter) -> Dict[str, str]:
    """Create, read, update, list and delete this thread's customer gateways; return those kept (id: name)."""
    kept: Dict[str, str] = {}
    serial = 0
    for round_number in range(ROUNDS):
        batch: List[Tuple[str, str]] = []
        for dummy in range(CREATED_PER_ROUND):
            serial += 1
            name, address = f"t{thread}-cgw-{serial}", f"203.0.{thread}.{serial}"
            created = api.ok("POST", CGWS, {"customer_gateway": {"name": name, "id_value": address,
                                                                 "bgp_asn": 65000 + serial}},
                             expected=201)["customer_gateway"]
            assert (created["name"], created["id_value"], created["bgp_asn"]) == (name, address, 65000 + serial)
            batch.append((created["id"], name))
        for gateway_id, name in batch:
            shown = api.ok("GET", f"{CGWS}/{gateway_id}")["customer_gateway"]
            assert (shown["id"], shown["name"]) == (gateway_id, name)
            renamed = api.ok("PUT", f"{CGWS}/{gateway_id}",
                             {"customer_gateway": {"name": name + "-r"}})["customer_gateway"]
            assert (renamed["id"], renamed["name"]) == (gateway_id, name + "-r")
            kept[gateway_id] = name + "-r"
        sent.add(3 * len(batch))
        mine = {g["id"]: g["name"] for g in list_all(api, CGWS, "customer_gateways", sent, limit=50)
                if g["name"].startswith(f"t{thread}-")}
        assert mine == kept, f"thread {thread}, round {round_number}: the list differs from what was created"
        for gateway_id, unused in batch[:DELETED_PER_ROUND]:
            status = api.call("DELETE", f"{CGWS}/{gateway_id}")[0]
            assert status == 204
            assert api.call("GET", f"{CGWS}/{gateway_id}")[0] == 404
            del kept[gateway_id]
        sent.add(2 * DELETED_PER_ROUND)
    return kept


def p2c_worker(api: SignedClient, server_id: str, thread: int, sent: Counter) -> Dict[str, str]:
    """This thread's groups and users: created, read, moved between groups, some deleted. Returns the users kept
    (name: group name)."""
    base = f"{p2c_api.SERVERS}/{server_id}"
    groups: Dict[str, str] = {}
    for index in range(GROUPS_PER_THREAD):
        name = f"t{thread}-group-{index}"
        created = api.ok("POST", f"{base}/groups", {"user_group": {"name": name}}, expected=201)["user_group"]
        groups[name] = created["id"]
    sent.add(GROUPS_PER_THREAD)
    kept: Dict[str, str] = {}
    names = list(groups)
    for index in range(USERS_PER_THREAD):
        name, group = f"t{thread}-user-{index}", names[index % len(names)]
        user_id = api.ok("POST", f"{base}/users", {"user": {
            "name": name, "password": "Load-User-Pass-1", "user_group_id": groups[group]}}, expected=201)["user"]["id"]
        shown = api.ok("GET", f"{base}/users/{user_id}")["user"]
        assert (shown["name"], shown["user_group_name"]) == (name, group)
        moved_to = names[(index + 1) % len(names)]
        api.ok("PUT", f"{base}/users/{user_id}", {"user": {"description": f"moved_{index}",
                                                           "user_group_id": groups[moved_to]}})
        shown = api.ok("GET", f"{base}/users/{user_id}")["user"]
        assert (shown["description"], shown["user_group_name"]) == (f"moved_{index}", moved_to)
        sent.add(4)
        if index % 4 == 3:
            assert api.call("DELETE", f"{base}/users/{user_id}")[0] == 204
            assert api.call("GET", f"{base}/users/{user_id}")[0] == 404
            sent.add(2)
        else:
            kept[name] = moved_to
    return kept


def test_concurrent_signed_requests_leave_a_consistent_state() -> None:
    with BackgroundEmulator(Config(transition_seconds=TRANSITION)) as emulator:
        api = SignedClient(emulator)
        server = p2c_api.create_server(api, client_auth_type="LOCAL_PASSWORD")
        p2c_api.control(api, "POST", "quotas", {"customer_gateway": 200})
        emulator.app.log.clear()
        sent = Counter()

        def work(thread: int) -> Tuple[Dict[str, str], Dict[str, str]]:
            # Half the threads start with P2C, half with customer gateways, so both run at once.
            if thread % 2:
                users = p2c_worker(api, server["id"], thread, sent)
                return customer_gateway_worker(api, thread, sent), users
            gateways = customer_gateway_worker(api, thread, sent)
            return gateways, p2c_worker(api, server["id"], thread, sent)

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            outcomes = list(pool.map(work, range(THREADS)))

        kept_gateways = {k: v for gateways, users in outcomes for k, v in gateways.items()}
        kept_users = {k: v for gateways, users in outcomes for k, v in users.items()}
        assert len(kept_gateways) == THREADS * ROUNDS * (CREATED_PER_ROUND - DELETED_PER_ROUND)
        assert len(kept_users) == THREADS * (USERS_PER_THREAD - USERS_PER_THREAD // 4)

        # The API's lists: exactly what the threads kept, nothing lost, nothing phantom.
        listed = {g["id"]: g["name"] for g in list_all(api, CGWS, "customer_gateways", sent, limit=37)}
        assert listed == kept_gateways
        base = f"{p2c_api.SERVERS}/{server['id']}"
        users = {u["name"]: u["user_group_name"] for u in list_all(api, f"{base}/users", "users", sent)}
        assert users == kept_users
        groups = list_all(api, f"{base}/groups", "user_groups", sent)
        assert sorted(g["name"] for g in groups) == sorted(
            ["default"] + [f"t{t}-group-{i}" for t in range(THREADS) for i in range(GROUPS_PER_THREAD)])
        for group in groups:
            members = sum(1 for name, group_name in kept_users.items() if group_name == group["name"])
            assert group["user_number"] == members, group
        quotas = {q["type"]: q for q in api.ok("GET", QUOTAS)["quotas"]["resources"]}
        assert quotas["customer_gateway"]["used"] == len(kept_gateways)
        assert quotas["customer_gateway"]["quota"] == 200

        # The store agrees with the API, and every request was answered and logged once.
        assert len(emulator.app.store.all("customer_gateways")) == len(kept_gateways)
        log = emulator.app.log.entries()
        assert len(log) == sent.value + 1  # and the quota read
        assert len({entry["request_id"] for entry in log}) == len(log)
        assert all(entry["status"] < 500 for entry in log)
        assert sent.value >= 2000, sent.value
