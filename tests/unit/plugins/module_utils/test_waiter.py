"""Waiting: to a status, through pending ones, failing on failure statuses, to absence; on a fake clock."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, waiter
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import WaitError


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def statuses(*sequence):
    """fetch() answering each status in turn (None means 404), then the last one forever."""
    answers = list(sequence)

    def fetch():
        status = answers.pop(0) if len(answers) > 1 else answers[0]
        return None if status is None else {"id": "g", "status": status}
    return fetch


def test_waits_through_pending_statuses():
    clock = Clock()
    resource = waiter.wait_for_status(statuses("PENDING_CREATE", "PENDING_CREATE", "UPGRADING", "ACTIVE"),
                                      api.VPN_GATEWAY, 60, "gateway g", clock.sleep, clock)
    assert resource["status"] == "ACTIVE"
    assert len(clock.sleeps) == 3


def test_connection_is_ready_when_down_too():
    clock = Clock()
    assert waiter.wait_for_status(statuses("PENDING_CREATE", "DOWN"), api.VPN_CONNECTION, 60, "c", clock.sleep,
                                  clock)["status"] == "DOWN"


def test_failure_status_fails_with_the_resource():
    clock = Clock()
    with pytest.raises(WaitError, match="went to status ERROR") as raised:
        waiter.wait_for_status(statuses("PENDING_CREATE", "ERROR"), api.VPN_CONNECTION, 60, "connection c",
                               clock.sleep, clock)
    assert raised.value.resource["status"] == "ERROR"


def test_timeout_names_the_last_status():
    clock = Clock()
    with pytest.raises(WaitError, match=r"Timed out after 30 seconds .* \(last status PENDING_UPDATE\)"):
        waiter.wait_for_status(statuses("PENDING_UPDATE"), api.VPN_GATEWAY, 30, "gateway g", clock.sleep, clock)
    assert clock.now <= 30.0 + 1e-9


def test_disappearing_resource_fails():
    clock = Clock()
    with pytest.raises(WaitError, match="disappeared"):
        waiter.wait_for_status(statuses("PENDING_CREATE", None), api.VPN_GATEWAY, 30, "gateway g", clock.sleep,
                               clock)


def test_absence_ignores_a_status_that_still_reads_active():
    clock = Clock()
    waiter.wait_for_absence(statuses("ACTIVE", "ACTIVE", "PENDING_DELETE", None), 60, "gateway g", clock.sleep,
                            clock)
    assert len(clock.sleeps) == 3


def test_polling_is_quick_at_first_and_proportional_later():
    clock = Clock()
    poller = waiter.Poller(600, clock.sleep, clock)
    poller.poll(lambda: True if clock.now > 300 else None)
    assert clock.sleeps[0] == pytest.approx(0.1)
    assert max(clock.sleeps) <= 10.0
    assert len(clock.sleeps) < 80  # five minutes of waiting in a few dozen calls, not thousands
    # Never more than a fifth (or 0.1 s) past the moment the condition came true.
    assert clock.now <= 300 * 1.2 + 0.1
