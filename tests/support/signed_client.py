"""A client of the emulator that signs with the official SDK's signer (so neither the collection's signer nor
the emulator's verifier checks itself), for the emulator's tests."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, Optional, Tuple, Union

import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from emulator.server import BackgroundEmulator

from .emulator import EmulatorProcess

# Seconds emulated resources stay pending in these tests.
TRANSITION = 0.1


class SignedClient:
    def __init__(self, emulator: Union[BackgroundEmulator, EmulatorProcess], access_key: str = None,
                 secret_key: str = None, security_token: Optional[str] = None) -> None:
        # An emulator in this process has its account in its config; one in its own process carries the same fields.
        account = emulator.app.config.account if isinstance(emulator, BackgroundEmulator) else emulator
        self.emulator = emulator
        self.base = emulator.url
        self.project_id = account.project_id
        self.access_key = access_key or account.access_key
        self.secret_key = secret_key or account.secret_key
        self.security_token = security_token

    def transitions_held(self):
        """The in-process emulator's statuses stay as they are inside the block (BackgroundEmulator)."""
        return self.emulator.transitions_held()

    def call(self, method: str, path: str, body: Any = None, query: Optional[Dict[str, Any]] = None,
             headers: Optional[Dict[str, str]] = None) -> Tuple[int, Any, Dict[str, str]]:
        """Send a signed request; `path` may hold {project}. Returns (status, JSON body or None, headers)."""
        path = path.replace("{project}", self.project_id)
        pairs = []
        for key, value in (query or {}).items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, str(item)))
        data = json.dumps(body).encode() if body is not None else b""
        host = self.base.split("://", 1)[1]
        header_params = {"Content-Type": "application/json", **(headers or {})}
        if self.security_token:
            header_params["X-Security-Token"] = self.security_token
        request = SdkRequest(method=method, schema="http", host=host, resource_path=path, query_params=pairs,
                             header_params=header_params, body=data)
        Signer(BasicCredentials(self.access_key, self.secret_key)).sign(request)
        response = requests.request(method, self.base + request.uri, data=data or None,
                                    headers=request.header_params, timeout=30)
        return response.status_code, (response.json() if response.content else None), dict(response.headers)

    def ok(self, method: str, path: str, body: Any = None, query: Optional[Dict[str, Any]] = None,
           expected: int = 200) -> Any:
        status, payload = self.call(method, path, body, query)[:2]
        assert status == expected, (status, payload)
        return payload

    def error(self, method: str, path: str, body: Any = None, query: Optional[Dict[str, Any]] = None) -> Tuple[int, str]:
        status, payload, headers = self.call(method, path, body, query)
        assert status >= 400, (status, payload)
        assert payload["request_id"] == headers["X-Request-Id"]
        return status, payload["error_code"]

    def wait_for(self, path: str, key: str, status: str, timeout: float = 10) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.ok("GET", path)[key]
            if found.get("status") == status or time.monotonic() > deadline:
                assert found.get("status") == status, found
                return found
            time.sleep(0.02)

    def wait_gone(self, path: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.call("GET", path)[0] != 404:
            assert time.monotonic() < deadline, f"{path} is still there"
            time.sleep(0.02)
