"""A scripted stand-in for the collection's HTTP transport, recording what the client sends."""

from __future__ import annotations

import json
from typing import Any, List

from ansible_collections.hwcloud.vpn.plugins.module_utils.transport import Headers, RawResponse


def FakeResponse(status: int, body: Any = None, headers: dict = None) -> RawResponse:  # noqa: N802 (reads as a type)
    if body is None:
        content = b""
    elif isinstance(body, (bytes, str)):
        content = body.encode() if isinstance(body, str) else body
    else:
        content = json.dumps(body).encode()
    return RawResponse(status, Headers((headers or {}).items()), content)


class Call:
    def __init__(self, method, url, data, headers):
        self.method, self.url, self.headers = method, url, headers
        self.body = json.loads(data) if data else None


class FakeTransport:
    """Answers each request with the next scripted response (or raises the scripted exception)."""

    def __init__(self, *script: Any):
        self.script: List[Any] = list(script)
        self.calls: List[Call] = []

    def send(self, method, url, body, headers):
        self.calls.append(Call(method, url, body, dict(headers or {})))
        if not self.script:
            raise AssertionError("unexpected request %s %s" % (method, url))
        action = self.script.pop(0)
        if isinstance(action, BaseException):
            raise action
        return action


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


class EchoTransport:
    """An intermediary that echoes what it was sent: each request is answered by `answer(call)`, a RawResponse
    built from the request (its body text, its headers), as a proxy, a WAF or a careless API might."""

    def __init__(self, answer: Any, times: int = 100):
        self.answer = answer
        self.times = times
        self.calls: List[Call] = []

    def send(self, method, url, body, headers):
        self.calls.append(Call(method, url, body, dict(headers or {})))
        if len(self.calls) > self.times:
            raise AssertionError("unexpected request %s %s" % (method, url))
        return self.answer(body.decode("utf-8") if body else "", dict(headers or {}))
