"""A scripted stand-in for requests.Session, recording what the client sends."""

from __future__ import annotations

import json
from typing import Any, List

from requests.structures import CaseInsensitiveDict


class FakeResponse:
    def __init__(self, status: int, body: Any = None, headers: dict = None):
        self.status_code = status
        self.headers = CaseInsensitiveDict(headers or {})
        if body is None:
            self.content = b""
        elif isinstance(body, (bytes, str)):
            self.content = body.encode() if isinstance(body, str) else body
        else:
            self.content = json.dumps(body).encode()


class Call:
    def __init__(self, method, url, data, headers):
        self.method, self.url, self.headers = method, url, headers
        self.body = json.loads(data) if data else None


class FakeSession:
    """Answers each request with the next scripted response (or raises the scripted exception)."""

    def __init__(self, *script: Any):
        self.script: List[Any] = list(script)
        self.calls: List[Call] = []

    def request(self, method, url, data=None, headers=None, timeout=None, verify=None):
        self.calls.append(Call(method, url, data, dict(headers or {})))
        if not self.script:
            raise AssertionError("unexpected request %s %s" % (method, url))
        action = self.script.pop(0)
        if isinstance(action, BaseException):
            raise action
        return action


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)
