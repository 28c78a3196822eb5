"""The test playbooks' lookup hwcloud_emulator (tests/support/lookup_plugins): it reads a control path of the
emulator on 127.0.0.1 and nothing else, and a malformed answer (HTML, truncated JSON, a redirect) fails naming the
path instead of handing a playbook half a log."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from ansible.errors import AnsibleError
from ansible.plugins.loader import lookup_loader

from support.playbook import LOOKUPS

# path: (status, headers, body)
ANSWERS: Dict[str, Tuple[int, Dict[str, str], bytes]] = {}
SEEN: List[str] = []


class ControlPaths(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        SEEN.append(self.path)
        status, headers, body = ANSWERS[self.path]
        self.send_response(status)
        for name, value in dict(headers, **{"Content-Length": str(len(body))}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(name="url")
def fixture_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ControlPaths)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ANSWERS.clear()
    SEEN.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


lookup_loader.add_directory(str(LOOKUPS))


def lookup(term: str, url: str) -> Any:
    return lookup_loader.get("hwcloud_emulator").run([term], variables={}, url=url)


def test_reads_the_parsed_answer(url: str) -> None:
    ANSWERS["/_emulator/requests"] = (200, {"Content-Type": "application/json"}, b'[{"method": "GET"}]')
    assert lookup("requests", url) == [[{"method": "GET"}]]


@pytest.mark.parametrize("status, headers, body, says", [
    (200, {"Content-Type": "text/html"}, b"<html><body>Bad gateway</body></html>", "not JSON"),
    (200, {"Content-Type": "application/json"}, b'[{"method": "GE', "not JSON"),
    (302, {"Location": "http://127.0.0.1:1/elsewhere"}, b"", "HTTP 302"),
    (500, {"Content-Type": "application/json"}, b'{"error": "crash"}', "HTTP 500"),
], ids=["html", "truncated-json", "redirect", "server-error"])
def test_a_malformed_answer_fails_naming_the_path(url: str, status: int, headers: Dict[str, str], body: bytes,
                                                  says: str) -> None:
    ANSWERS["/_emulator/state"] = (status, headers, body)
    with pytest.raises(AnsibleError, match="GET /_emulator/state: " + says):
        lookup("state", url)
    assert SEEN == ["/_emulator/state"]  # the redirect was not followed


@pytest.mark.parametrize("term, target", [
    ("requests", "http://192.0.2.10:8080"), ("requests", "https://127.0.0.1:8443"), ("faults", "LOCAL"),
])
def test_refuses_before_sending_anything(url: str, term: str, target: str) -> None:
    with pytest.raises(AnsibleError, match="hwcloud_emulator: "):
        lookup(term, url if target == "LOCAL" else target)
    assert SEEN == []
