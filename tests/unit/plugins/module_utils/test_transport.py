"""The standard-library transport against real local servers: kept-alive connections, servers that close
idle connections, refused connections, lost answers, timeouts, and proxies from the environment."""

from __future__ import annotations

import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils.transport import Transport, TransportError


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: List[dict] = []
    behaviour = "answer"

    def log_message(self, *args):
        pass

    def _answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append({"client": self.client_address, "line": self.requestline, "body": body,
                          "headers": dict(self.headers)})
        if self.behaviour == "drop":
            self.close_connection = True
            return
        if self.behaviour == "slow":
            time.sleep(1.0)
        payload = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Request-Id", "abc")
        self.end_headers()
        self.wfile.write(payload)
        if self.behaviour == "close-after":
            self.close_connection = True  # closes without telling the client, like an idle timeout

    do_GET = do_POST = _answer


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that gave up (the timeout tests) leaves the slow answer nowhere to go: expected, not news."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    Recorder.seen = []
    Recorder.behaviour = "answer"
    httpd = QuietServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url(httpd, path="/v5/p/x"):
    return "http://127.0.0.1:%d%s" % (httpd.server_port, path)


def test_one_connection_is_kept_alive(server):
    transport = Transport(timeout=5)
    for index in range(3):
        response = transport.send("POST", url(server), b'{"n": %d}' % index, {"Content-Type": "application/json"})
        assert response.status == 200 and response.content == b'{"ok": true}'
    assert transport.connections_opened == 1
    assert len({entry["client"] for entry in Recorder.seen}) == 1
    assert [entry["body"] for entry in Recorder.seen] == [b'{"n": 0}', b'{"n": 1}', b'{"n": 2}']


def test_headers_are_read_without_regard_to_case(server):
    response = Transport(timeout=5).send("GET", url(server), b"", {})
    assert response.headers.get("x-request-id") == "abc" and response.headers["X-REQUEST-ID"] == "abc"


def test_a_connection_the_server_closed_is_replaced(server):
    Recorder.behaviour = "close-after"
    transport = Transport(timeout=5)
    transport.send("GET", url(server), b"", {})
    time.sleep(0.1)  # let the server's close arrive
    assert transport.send("GET", url(server), b"", {}).status == 200
    assert transport.connections_opened == 2


def test_a_refused_connection_never_reached_the_service_and_is_not_retried():
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    with pytest.raises(TransportError) as raised:
        Transport(timeout=5).send("GET", "http://127.0.0.1:%d/x" % port, b"", {})
    # Nothing listens at the endpoint: a configuration error, named, that retries cannot fix (docs/developing.md).
    assert not raised.value.reached and not raised.value.retryable
    assert "127.0.0.1:%d refused the connection" % port in str(raised.value)


def test_a_lost_answer_may_have_reached_the_service(server):
    Recorder.behaviour = "drop"
    with pytest.raises(TransportError) as raised:
        Transport(timeout=5).send("POST", url(server), b"{}", {})
    assert raised.value.reached


def test_a_slow_answer_times_out_as_possibly_received(server):
    Recorder.behaviour = "slow"
    with pytest.raises(TransportError) as raised:
        Transport(timeout=0.2).send("GET", url(server), b"", {})
    assert raised.value.reached


def test_unsupported_schemes_are_not_retried():
    with pytest.raises(TransportError) as raised:
        Transport().send("GET", "ftp://127.0.0.1/x", b"", {})
    assert not raised.value.retryable


def test_http_proxy_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://user:p%%40ss@127.0.0.1:%d" % server.server_port)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    # The "proxy" is the local recorder: the target host is never resolved or contacted.
    Transport(timeout=5).send("GET", "http://vpn.example.invalid/v5/p/x?limit=1", b"", {"Host": "vpn.example.invalid"})
    seen = Recorder.seen[0]
    assert seen["line"] == "GET http://vpn.example.invalid/v5/p/x?limit=1 HTTP/1.1"
    assert seen["headers"]["Proxy-Authorization"] == "Basic dXNlcjpwQHNz"  # user:p@ss


def test_no_proxy_bypasses_the_proxy(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert Transport(timeout=5).send("GET", url(server), b"", {}).status == 200
    assert Recorder.seen[0]["line"] == "GET /v5/p/x HTTP/1.1"


def test_https_goes_through_a_connect_tunnel(monkeypatch):
    received = []

    def proxy(listener):
        connection, _address = listener.accept()
        with connection:
            received.append(connection.recv(4096).decode())
            connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        thread = threading.Thread(target=proxy, args=(listener,), daemon=True)
        thread.start()
        monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:%d" % listener.getsockname()[1])
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with pytest.raises(TransportError) as raised:
            Transport(timeout=5).send("GET", "https://vpn.example.invalid/v5/p/x", b"", {})
        thread.join(5)
    assert received[0].startswith("CONNECT vpn.example.invalid:443 HTTP/1.")
    assert not raised.value.reached
