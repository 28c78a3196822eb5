"""Fault injection (emulator/faults.py): each kind of fault, reproducible from --seed, the rate limit with
Retry-After, lost create answers that leave the resource created, latency, the request log's `fault` field, and
control paths that are never faulted. Time is a fake clock here: no test depends on how fast the machine is."""

from __future__ import annotations

import collections
import json
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List

import pytest
import requests
from support import p2c_api
from support.emulator import EmulatorProcess
from support.signed_client import TRANSITION, SignedClient

from emulator import __main__ as cli
from emulator import faults as faults_module
from emulator.config import Config, Faults
from emulator.server import BackgroundEmulator

CGWS = "/v5/{project}/customer-gateways"
QUOTAS = "/v5/{project}/vpn/quotas"
EXPECTED = {"500": (500, "VPN.0002"), "502": (502, "APIGW.0202"), "503": (503, "APIGW.0203"),
            "504": (504, "APIGW.0204"), "busy": (400, "VPN.0030")}


class FakeTime:
    """Stands in for the time module of emulator/faults.py: a clock the test moves, and sleeps recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: List[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(faults_module, "time", fake)
    return fake


@contextmanager
def faulty(**settings: Any) -> Iterator[SignedClient]:
    with BackgroundEmulator(Config(transition_seconds=TRANSITION, faults=Faults(**settings))) as running:
        yield SignedClient(running)


def send(api: SignedClient, method: str = "GET", path: str = QUOTAS, body: Any = None) -> str:
    """The fault kind a request met, judged from the answer alone ("ok" when there was none)."""
    try:
        status, payload, headers = api.call(method, path, body)
    except requests.ConnectionError:
        return "drop"
    if status < 400:
        return "ok"
    assert payload["request_id"] == headers["X-Request-Id"]
    if status == 429:
        return "429"
    for kind, expected in EXPECTED.items():
        if (status, payload["error_code"]) == expected:
            return kind
    raise AssertionError((status, payload))


def log(api: SignedClient) -> List[Dict[str, Any]]:
    return api.emulator.app.log.entries()


def control(api: SignedClient, method: str, path: str) -> Any:
    request = urllib.request.Request(api.base + "/_emulator/" + path, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        content = response.read()
    return json.loads(content) if content else None


def cgw(name: str, address: str) -> Dict[str, Any]:
    return {"customer_gateway": {"name": name, "id_value": address}}


# -- --fault-rate --------------------------------------------------------------------------------------------

def test_every_fault_kind_is_answered_as_the_api_would_and_logged():
    with faulty(fault_rate=1.0, seed=11) as api:
        seen = [send(api) for dummy in range(60)]
        entries = log(api)
    assert set(seen) == set(faults_module.FAULT_KINDS), collections.Counter(seen)
    # The log says which fault each request met, with the status the client saw (0: no answer at all).
    assert [entry["fault"] for entry in entries] == seen
    for entry in entries:
        assert entry["path"].endswith("/vpn/quotas") and entry["method"] == "GET" and entry["request_id"]
        assert entry["status"] == (0 if entry["fault"] == "drop" else EXPECTED[entry["fault"]][0])


def test_a_faulted_request_is_not_carried_out():
    with faulty(fault_rate=1.0, seed=5) as api:
        kinds = [send(api, "POST", CGWS, cgw(f"office-{n}", f"203.0.113.{n}")) for n in range(1, 21)]
        assert "ok" not in kinds
        assert api.emulator.app.store.all("customer_gateways") == []
        assert all(entry["write"] for entry in log(api))


def test_a_fraction_of_requests_is_faulted():
    with faulty(fault_rate=0.3, seed=2) as api:
        seen = collections.Counter(send(api) for dummy in range(200))
        entries = log(api)
    faulted = sum(count for kind, count in seen.items() if kind != "ok")
    assert 30 <= faulted <= 90, seen  # 60 expected; the seed fixes the draw, the bounds allow another seed
    assert sum(1 for entry in entries if "fault" in entry) == faulted
    assert all(entry["status"] == 200 for entry in entries if "fault" not in entry)


def test_the_seed_makes_faults_reproducible():
    def sequence(seed: int) -> List[str]:
        with faulty(fault_rate=0.5, seed=seed) as api:
            return [send(api) for dummy in range(40)]

    first, again, other = sequence(42), sequence(42), sequence(43)
    assert first == again
    assert first != other
    assert "ok" in first and len(set(first)) > 2


def test_a_reset_starts_again_from_the_seed():
    with faulty(fault_rate=0.5, seed=9) as api:
        first = [send(api) for dummy in range(30)]
        control(api, "POST", "reset")
        assert log(api) == []
        assert [send(api) for dummy in range(30)] == first


# -- --rate-limit --------------------------------------------------------------------------------------------

def test_the_rate_limit_answers_429_with_retry_after(clock: FakeTime):
    with faulty(rate_limit=3) as api:
        answers = [api.call("GET", QUOTAS) for dummy in range(5)]
        assert [status for status, body, headers in answers] == [200, 200, 200, 429, 429]
        status, body, headers = answers[3]
        assert body["error_code"] == "APIGW.0308" and "more than 3 requests per second" in body["error_msg"]
        assert headers["Retry-After"] == "1"
        assert body["request_id"] == headers["X-Request-Id"]
        clock.now += 0.5
        assert api.call("GET", QUOTAS)[0] == 429  # the window still holds the three
        clock.now += 0.5
        assert [api.call("GET", QUOTAS)[0] for dummy in range(4)] == [200, 200, 200, 429]
        entries = log(api)
    assert [entry.get("fault") for entry in entries] == [None] * 3 + ["429"] * 3 + [None] * 3 + ["429"]
    assert all(entry["status"] == 429 for entry in entries if entry.get("fault"))


def test_refused_requests_do_not_use_up_the_rate(clock: FakeTime):
    with faulty(rate_limit=2) as api:
        assert [api.call("GET", QUOTAS)[0] for dummy in range(10)] == [200, 200] + [429] * 8
        clock.now += 1.0
        assert [api.call("GET", QUOTAS)[0] for dummy in range(3)] == [200, 200, 429]


def test_a_throttled_create_creates_nothing(clock: FakeTime):
    with faulty(rate_limit=1) as api:
        assert api.call("POST", CGWS, cgw("office", "203.0.113.10"))[0] == 201
        assert api.call("POST", CGWS, cgw("office-2", "203.0.113.11"))[0] == 429
        assert [r["name"] for r in api.emulator.app.store.all("customer_gateways")] == ["office"]


# -- --latency-ms --------------------------------------------------------------------------------------------

def test_latency_delays_every_api_request(clock: FakeTime):
    with faulty(latency_ms=250) as api:
        api.ok("GET", QUOTAS)
        api.ok("POST", CGWS, cgw("office", "203.0.113.10"), expected=201)
        api.call("GET", "/v5/{project}/no-such-thing")
        assert clock.sleeps == [0.25, 0.25, 0.25]
        control(api, "GET", "requests")
        assert clock.sleeps == [0.25, 0.25, 0.25]  # control paths are not delayed


# -- --lose-create-responses ---------------------------------------------------------------------------------

def test_a_lost_create_answer_leaves_the_resource_created():
    with faulty(lose_create_response_rate=1.0, seed=1) as api:
        status, body, headers = api.call("POST", CGWS, cgw("office", "203.0.113.10"))
        assert (status, body["error_code"]) == (504, "APIGW.0204")
        listed = api.ok("GET", CGWS)["customer_gateways"]
        assert [r["name"] for r in listed] == ["office"]
        entries = log(api)
        assert entries[0]["fault"] == "lost-response" and entries[0]["status"] == 504 and entries[0]["write"]
        assert "fault" not in entries[1]
        # Reads, updates and deletes are answered.
        item = f"{CGWS}/{listed[0]['id']}"
        assert api.call("PUT", item, {"customer_gateway": {"name": "office-2"}})[0] == 200
        assert api.call("DELETE", item)[0] == 204


def test_a_create_repeated_with_its_client_token_is_answered_once_created():
    with faulty(seed=1) as api:
        server = p2c_api.create_server(api)
        api.emulator.app.faults.settings.lose_create_response_rate = 1.0
        groups = f"{p2c_api.SERVERS}/{server['id']}/groups"
        token = {"X-Client-Token": str(uuid.uuid4())}
        first = api.call("POST", groups, {"user_group": {"name": "engineering"}}, headers=token)
        assert first[0] == 504
        # The retry is answered with the first answer (nothing more is created), and that answer is not lost.
        status, body, headers = api.call("POST", groups, {"user_group": {"name": "engineering"}}, headers=token)
        assert status == 201
        custom = [g for g in api.ok("GET", groups)["user_groups"] if g["name"] == "engineering"]
        assert [g["id"] for g in custom] == [body["user_group"]["id"]]
        assert [e.get("fault") for e in log(api) if e["path"].endswith("/groups") and e["method"] == "POST"] == \
            ["lost-response", None]


def test_failed_creates_lose_nothing():
    with faulty(lose_create_response_rate=1.0, seed=1) as api:
        assert api.error("POST", CGWS, cgw("office", "203.0.113.300")) == (400, "VPN.0001")
        assert "fault" not in log(api)[0]


# -- control paths -------------------------------------------------------------------------------------------

def test_control_paths_are_never_faulted_nor_logged(clock: FakeTime):
    with faulty(fault_rate=1.0, rate_limit=1, latency_ms=100, lose_create_response_rate=1.0, seed=3) as api:
        for dummy in range(20):
            assert control(api, "GET", "fixtures")["vpcs"]
            assert control(api, "GET", "state") is not None
            assert control(api, "GET", "requests") == []
        control(api, "DELETE", "requests")
        control(api, "POST", "reset")
        assert clock.sleeps == []
        assert send(api) != "ok"  # while the API is faulted


# -- the command line ----------------------------------------------------------------------------------------

def test_command_line_options_and_environment(monkeypatch: pytest.MonkeyPatch):
    args = cli.parse_args(["--fault-rate", "0.2", "--rate-limit", "5", "--latency-ms", "30",
                           "--lose-create-responses", "0.5", "--seed", "7"])
    assert cli.config_from_args(args).faults == Faults(fault_rate=0.2, rate_limit=5, latency_ms=30,
                                                       lose_create_response_rate=0.5, seed=7)
    assert cli.config_from_args(cli.parse_args([])).faults == Faults()
    monkeypatch.setenv("EMULATOR_FAULT_RATE", "0.1")
    monkeypatch.setenv("EMULATOR_SEED", "12")
    assert cli.config_from_args(cli.parse_args([])).faults == Faults(fault_rate=0.1, seed=12)


@pytest.mark.parametrize("argv", [["--fault-rate", "1.5"], ["--lose-create-responses", "-0.1"],
                                  ["--rate-limit", "-1"], ["--latency-ms", "-5"]])
def test_command_line_refuses_impossible_settings(argv: List[str], capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit):
        cli.parse_args(argv)
    assert argv[0] in capsys.readouterr().err


def test_the_emulator_process_injects_faults_from_its_command_line():
    with EmulatorProcess("--fault-rate", "1.0", "--seed", "4") as process:
        outcomes = []
        for dummy in range(12):
            try:
                with urllib.request.urlopen(process.url + "/v5/p/vpn/quotas", timeout=30):
                    outcomes.append("ok")
            except urllib.error.HTTPError as error:
                outcomes.append(error.code)
            except (urllib.error.URLError, ConnectionError):
                outcomes.append("drop")
        entries = process.requests()
    assert "ok" not in outcomes
    assert len(entries) == 12 and all(entry["fault"] in faults_module.FAULT_KINDS for entry in entries)
    assert [0 if o == "drop" else o for o in outcomes] == [entry["status"] for entry in entries]


def test_faults_can_be_changed_while_running_and_limited_to_writes():
    with faulty() as api:
        assert send(api) == "ok"
        request = urllib.request.Request(api.base + "/_emulator/faults", method="POST",
                                         data=json.dumps({"fault_rate": 1.0, "writes_only": True, "seed": 3}).encode())
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 204
        assert [send(api) for dummy in range(5)] == ["ok"] * 5  # reads pass
        assert send(api, "POST", CGWS, cgw("office", "203.0.113.10")) != "ok"
        assert api.emulator.app.store.all("customer_gateways") == []
        bad = urllib.request.Request(api.base + "/_emulator/faults", method="POST",
                                     data=json.dumps({"fault_ratio": 1.0}).encode())
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bad, timeout=30)
        assert refused.value.code == 400
