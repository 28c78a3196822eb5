"""pagination.iterate, through the collection's own Client, against the emulator's marker paging where page
boundaries fall inside a group of users created at the same time (one batch): every user once, in order."""

from __future__ import annotations

from typing import Iterator, List

import pytest
from support.p2c_api import SERVERS, create_server
from support.signed_client import TRANSITION, SignedClient

from ansible_collections.hwcloud.vpn.plugins.module_utils import pagination
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Client
from emulator.config import Config
from emulator.server import BackgroundEmulator


@pytest.fixture
def running() -> Iterator[BackgroundEmulator]:
    with BackgroundEmulator(Config(transition_seconds=TRANSITION)) as emulator:
        yield emulator


def test_every_user_once_across_equal_creation_times(running):
    api = SignedClient(running)
    server_path = f"{SERVERS}/{create_server(api)['id']}"
    names: List[str] = ["before"] + [f"batch-{n:02d}" for n in range(11)] + ["after"]
    api.ok("POST", server_path + "/users", {"user": {"name": names[0], "password": "Secret-Pass-1"}}, expected=201)
    api.ok("POST", server_path + "/users/batch-create", {"users": [
        {"name": name, "password": "Secret-Pass-1"} for name in names[1:-1]]}, expected=201)
    api.ok("POST", server_path + "/users", {"user": {"name": names[-1], "password": "Secret-Pass-1"}}, expected=201)
    account = running.app.config.account
    client = Client({"access_key": account.access_key, "secret_key": account.secret_key,
                     "project_id": account.project_id, "endpoint": running.url, "retries": 0})
    path = server_path.replace("{project}", "{project_id}") + "/users"
    for limit in (2, 3, 5):  # boundaries inside the batch, at several offsets
        listed = [u["name"] for u in pagination.iterate(client, path, "users", pagination.MARKER, limit=limit)]
        assert listed == names, limit
