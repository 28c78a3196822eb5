"""The timing the emulator records for tools that measure waiting (benchmarks/): when each request arrived, and
when each record left its pending statuses (the due time of its last phase, not when a request noticed)."""

from __future__ import annotations

import time

from support.signed_client import TRANSITION

GATEWAYS = "/v5/{project}/vpn-gateways"


def test_requests_carry_their_arrival_time(api, emulator):
    before = time.time()
    api.ok("GET", GATEWAYS)
    api.ok("GET", GATEWAYS)
    first, second = emulator.app.log.entries()[-2:]
    assert before <= first["at"] <= second["at"] <= time.time()


def test_a_settled_record_says_when_it_settled(api, emulator, ids):
    body = {"vpn_gateway": {"name": "gw-timing", "vpc_id": ids["vpc-demo"], "connect_subnet": ids["subnet-demo-vpn"],
                            "local_subnets": ["192.168.0.0/24"], "eip1": {"id": ids["eip-01"]},
                            "eip2": {"id": ids["eip-02"]}}}
    created_at = time.time()
    gateway = api.ok("POST", GATEWAYS, body, expected=201)["vpn_gateway"]
    record = emulator.app.store.collection("vpn_gateways")[gateway["id"]]
    assert "_settled_at" not in record
    api.wait_for(GATEWAYS + "/" + gateway["id"], "vpn_gateway", "ACTIVE")
    seen_active_at = emulator.app.log.entries()[-1]["at"]
    # Due one transition after the create: after the POST arrived, before the GET that saw ACTIVE.
    assert created_at + TRANSITION <= record["_settled_at"] <= seen_active_at
    # Internal: never in an API answer.
    assert "_settled_at" not in api.ok("GET", GATEWAYS + "/" + gateway["id"])["vpn_gateway"]
