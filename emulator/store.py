"""The emulator's state: collections of records, the fixtures, and time-driven lifecycles.

A record is a plain dict in the API's own field names. Keys starting with "_" are internal and never
rendered. A record in a pending status carries "_phases": a list of [epoch, status] steps it will
pass through; the status REMOVED deletes the record. Time moves the record along on the next request,
so nothing runs in the background.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import threading
import time
import uuid
from typing import Any, Callable, Dict, Iterable, List, Optional

from . import fixtures as fixture_data
from .config import Config

REMOVED = "REMOVED"

RemovalHook = Callable[["Store", Dict[str, Any]], None]


class StateFileError(Exception):
    """--state-file cannot be used: its directory is missing or not writable, or it does not hold emulator state."""


def utc_timestamp(epoch: Optional[float] = None) -> str:
    moment = datetime.datetime.fromtimestamp(epoch if epoch is not None else time.time(), datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Store:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.collections: Dict[str, Dict[str, Dict[str, Any]]] = {}
        self.fixtures: Dict[str, Any] = fixture_data.build(config.account.region)
        self._removal_hooks: Dict[str, List[RemovalHook]] = {}
        self._last_created = 0.0
        # Tests that act on a pending status hold the lifecycles (hold_transitions): statuses then stay as they
        # are, and due times move by the time held, so no request has to beat a transition on a busy machine.
        self._held_at: Optional[float] = None
        self._held_for = 0.0
        if config.state_file:
            # Checked before serving: a write must not be applied in memory and then fail to be saved.
            directory = os.path.dirname(os.path.abspath(config.state_file))
            if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
                raise StateFileError(f"cannot keep state in {config.state_file}: the directory {directory} does not "
                                     "exist or is not writable")
            if os.path.exists(config.state_file):
                self._load(config.state_file)

    # -- records -------------------------------------------------------------------------------------

    def collection(self, name: str) -> Dict[str, Dict[str, Any]]:
        return self.collections.setdefault(name, {})

    def insert(self, name: str, record: Dict[str, Any]) -> Dict[str, Any]:
        record.setdefault("id", str(uuid.uuid4()))
        self.collection(name)[record["id"]] = record
        return record

    def get(self, name: str, record_id: str) -> Optional[Dict[str, Any]]:
        return self.collection(name).get(record_id)

    def all(self, name: str) -> List[Dict[str, Any]]:
        return list(self.collection(name).values())

    def find(self, name: str, **match: Any) -> List[Dict[str, Any]]:
        return [r for r in self.collection(name).values() if all(r.get(k) == v for k, v in match.items())]

    def remove(self, name: str, record_id: str) -> None:
        record = self.collection(name).pop(record_id, None)
        if record is not None:
            for hook in self._removal_hooks.get(name, []):
                hook(self, record)

    def on_remove(self, name: str, hook: RemovalHook) -> None:
        """Run hook(store, record) whenever a record of the collection goes (release EIPs, counters...)."""
        self._removal_hooks.setdefault(name, []).append(hook)

    def creation_time(self) -> str:
        """A created_at strictly later than the previous one: list markers rely on it being unique."""
        now = max(time.time(), self._last_created + 0.001)
        self._last_created = now
        return utc_timestamp(now)

    # -- lifecycles ----------------------------------------------------------------------------------

    def lifecycle_time(self) -> float:
        """The clock the statuses follow: the wall clock, less the time the lifecycles were held."""
        return (self._held_at if self._held_at is not None else time.time()) - self._held_for

    def hold_transitions(self) -> None:
        with self.lock:
            if self._held_at is None:
                self._held_at = time.time()

    def resume_transitions(self) -> None:
        with self.lock:
            if self._held_at is not None:
                self._held_for += time.time() - self._held_at
                self._held_at = None

    def schedule(self, record: Dict[str, Any], steps: Iterable[tuple]) -> None:
        """Put a record through statuses: steps are (seconds from now, status) pairs."""
        now = self.lifecycle_time()
        record["_phases"] = [[now + delay, status] for delay, status in steps]

    def transition(self, record: Dict[str, Any], pending: str, target: str) -> None:
        """The common case: show `pending` now, `target` after the configured transition time."""
        record["status"] = pending
        self.schedule(record, [(self.config.transition_seconds, target)])

    def advance(self) -> None:
        """Move every record whose next phase is due; called at the start of each request."""
        now = self.lifecycle_time()
        for name in list(self.collections):
            for record in list(self.collection(name).values()):
                phases = record.get("_phases")
                while phases and phases[0][0] <= now:
                    due, status = phases.pop(0)
                    if status == REMOVED:
                        self.remove(name, record["id"])
                        break
                    record["status"] = status
                    if not phases:
                        # When it became settled (not when a request noticed): benchmarks measure waiting by it.
                        record["_settled_at"] = due + self._held_for
                if not phases:
                    record.pop("_phases", None)

    # -- persistence ---------------------------------------------------------------------------------

    def reset(self) -> None:
        self.collections = {}
        self.fixtures = fixture_data.build(self.config.account.region)
        self.save()

    def save(self) -> None:
        path = self.config.state_file
        if not path:
            return
        data = {"collections": self.collections, "fixtures": self.fixtures}
        directory = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".emulator-state-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)

    def _load(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError, RecursionError) as error:
            raise StateFileError(f"cannot read the state file {path} ({type(error).__name__}: {error}); fix it, "
                                 "or delete it to start from an empty state") from None
        if not isinstance(data, dict) or not isinstance(data.get("collections", {}), dict) \
                or not isinstance(data.get("fixtures", {}), dict):
            raise StateFileError(f"the state file {path} does not hold emulator state (an object with "
                                 "\"collections\" and \"fixtures\"); delete it to start from an empty state")
        self.collections = data.get("collections", {})
        self.fixtures = data.get("fixtures", self.fixtures)
