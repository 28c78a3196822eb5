"""The timing the emulator records for tools that measure waiting (benchmarks/): when each request arrived, and
when each record left its pending statuses (the due time of its last phase, not when a request noticed)."""

from __future__ import annotations

import time

from support.signed_client import TRANSITION

GATEWAYS = "/v5/{project}/vpn-gateways"
# The test's readings of the wall clock against the emulator's (a thread of this process, reading the same clock):
# the VM's wall clock may step back by a millisecond or so between two readings (one such step failed a fresh
# clone's run).
CLOCK_STEP = 0.05


def test_requests_carry_their_arrival_time(api, emulator):
    before = time.time()
    api.ok("GET", GATEWAYS)
    api.ok("GET", GATEWAYS)
    first, second = emulator.app.log.entries()[-2:]
    assert before - CLOCK_STEP <= first["at"] <= second["at"] <= time.time() + CLOCK_STEP


def test_a_settled_record_says_when_it_settled(api, emulator, ids):
    body = {"vpn_gateway": {"name": "gw-timing", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
                            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": ids["eip-01"]},
                            "eip2": {"id": ids["eip-02"]}}}
    gateway = api.ok("POST", GATEWAYS, body, expected=201)["vpn_gateway"]
    create = emulator.app.log.entries()[-1]
    assert create["method"] == "POST" and create["status"] == 201
    created_at = create["at"]
    record = emulator.app.store.collection("vpn_gateways")[gateway["id"]]
    assert "_settled_at" not in record
    api.wait_for(GATEWAYS + "/" + gateway["id"], "vpn_gateway", "ACTIVE")
    seen_active_at = emulator.app.log.entries()[-1]["at"]
    # Due one transition after the create arrived, at the latest when the GET that saw ACTIVE arrived: all three
    # are the emulator's readings, in order (this process's reading before the POST once came out 0.8 ms later than
    # the emulator's as it scheduled the gateway).
    assert created_at + TRANSITION <= record["_settled_at"] <= seen_active_at
    # Internal: never in an API answer.
    assert "_settled_at" not in api.ok("GET", GATEWAYS + "/" + gateway["id"])["vpn_gateway"]
