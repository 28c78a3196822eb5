# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Waiting for resources to settle: polled with backoff, never fixed sleeps (the lifecycle of each resource type
is declared in api.py)."""

import time

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import WaitError


class Lifecycle:
    """The statuses of a resource type: those to wait for, those to wait through, those that are failures.

    A status in none of the three (for example UPGRADING) is waited through as well.
    blocked: {status: what to do}, the statuses in which the service refuses every change (a frozen resource, a
    gateway whose upgrade waits for confirmation): failures too, and a task that finds its resource (or the
    parent it needs) in one fails at once with that advice.
    """

    def __init__(self, ready, pending=(), failed=(), status_key="status", blocked=None):
        self.ready = tuple(ready)
        self.pending = tuple(pending)
        self.blocked = dict(blocked or {})
        self.failed = tuple(failed) + tuple(s for s in self.blocked if s not in failed)
        self.status_key = status_key

    def status(self, resource):
        return (resource or {}).get(self.status_key)

    def is_ready(self, resource):
        return self.status(resource) in self.ready

    def is_settled(self, resource):
        """Ready or failed: nothing to wait for before acting on it."""
        return self.status(resource) in self.ready + self.failed

    def advice(self, resource):
        """What to do about the resource's status, when it blocks changes ("" otherwise)."""
        return self.blocked.get(self.status(resource), "")


class Poller:
    """Polls with a delay that grows with the time already waited (a fifth of it, between 0.1 s and 10 s):
    quick when the service is quick, a handful of calls when it takes minutes, and never more than about a
    fifth past the moment the resource settled."""

    def __init__(self, timeout, sleep=time.sleep, clock=time.monotonic, minimum=0.1, maximum=10.0):
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.minimum = minimum
        self.maximum = maximum

    def poll(self, check):
        """Call check() until it returns something other than None, or the time is up (returns None)."""
        start = self.clock()
        while True:
            result = check()
            if result is not None:
                return result
            elapsed = self.clock() - start
            if elapsed >= self.timeout:
                return None
            delay = min(self.maximum, max(self.minimum, elapsed / 5.0), self.timeout - elapsed)
            self.sleep(delay)


def wait_for_status(fetch, lifecycle, timeout, what, sleep=time.sleep, clock=time.monotonic):
    """Poll fetch() (the resource, or None when it is gone) until its status is ready; fail on a failure
    status, on disappearance, or when `timeout` seconds pass."""
    last = {}

    def check():
        resource = fetch()
        if resource is None:
            raise WaitError("%s disappeared while waiting for it to become %s." % (what, "/".join(lifecycle.ready)))
        last["resource"] = resource
        status = lifecycle.status(resource)
        if status in lifecycle.failed:
            advice = lifecycle.advice(resource)
            raise WaitError("%s went to status %s.%s" % (what, status, " " + advice if advice else ""), resource)
        return resource if status in lifecycle.ready else None

    resource = Poller(timeout, sleep, clock).poll(check)
    if resource is None:
        raise WaitError("Timed out after %s seconds waiting for %s to become %s (last status %s)."
                        % (timeout, what, "/".join(lifecycle.ready), lifecycle.status(last.get("resource"))),
                        last.get("resource"))
    return resource


def wait_for_absence(fetch, timeout, what, sleep=time.sleep, clock=time.monotonic):
    """Poll fetch() until it returns None (the API answers 404): a deleted resource may read ACTIVE for a
    while after the DELETE was accepted, so its status proves nothing."""
    last = {}

    def check():
        resource = fetch()
        last["resource"] = resource
        return True if resource is None else None

    if Poller(timeout, sleep, clock).poll(check) is None:
        raise WaitError("Timed out after %s seconds waiting for %s to be deleted." % (timeout, what),
                        last.get("resource"))
