# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP on the standard library: one kept-alive connection per endpoint for a module run, TLS verification,
timeouts, proxies from the environment, and failures that say whether the request may have reached the
service. (The standard library instead of `requests`: nothing to install on managed hosts, and each task
starts about 50 ms sooner, which matters when a no-change run is measured against Ansible's own floor.)"""

from __future__ import annotations

import base64
import http.client
import os
import select
import socket
import ssl
from urllib.parse import unquote, urlsplit


class TransportError(Exception):
    """No HTTP answer. `reached` says whether the request may have been received (an unanswered write may
    have been carried out); `retryable` is False for failures that trying again cannot fix."""

    def __init__(self, message, reached, retryable=True):
        super().__init__(message)
        self.reached = reached
        self.retryable = retryable


class Headers(dict):
    """Response headers, looked up without regard to case."""

    def __init__(self, pairs):
        super().__init__()
        for name, value in pairs:
            self[name.lower()] = value

    def get(self, name, default=None):
        return super().get(name.lower(), default)

    def __getitem__(self, name):
        return super().__getitem__(name.lower())

    def __contains__(self, name):
        return super().__contains__(name.lower())


class RawResponse:
    def __init__(self, status, headers, content):
        self.status = status
        self.headers = headers
        self.content = content


def _proxy_for(scheme, host):
    """The proxy URL the environment sets for this scheme and host (honouring NO_PROXY), or None."""
    names = ("%s_proxy" % scheme, "all_proxy")
    if not any(os.environ.get(n) or os.environ.get(n.upper()) for n in names):
        return None
    import urllib.request  # only when a proxy is configured: it is slow to import
    if urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(scheme) or proxies.get("all")


class Transport:
    def __init__(self, timeout=30, verify=True):
        self.timeout = timeout
        self.verify = verify
        self._connections = {}
        self.connections_opened = 0

    def _context(self):
        context = ssl.create_default_context()
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _new_connection(self, scheme, netloc):
        host = urlsplit("//" + netloc).hostname
        port = urlsplit("//" + netloc).port
        proxy = _proxy_for(scheme, host)
        if proxy:
            proxy_parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
            headers = {}
            if proxy_parts.username:
                credentials = "%s:%s" % (unquote(proxy_parts.username), unquote(proxy_parts.password or ""))
                headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
            if scheme == "https":
                connection = http.client.HTTPSConnection(proxy_parts.hostname, proxy_parts.port or 8080,
                                                         timeout=self.timeout, context=self._context())
                connection.set_tunnel(host, port or 443, headers=headers)
            else:
                connection = http.client.HTTPConnection(proxy_parts.hostname, proxy_parts.port or 8080,
                                                        timeout=self.timeout)
            connection.proxy_headers = headers if scheme == "http" else {}
            connection.absolute_target = scheme == "http"
            return connection
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._context())
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        connection.proxy_headers = {}
        connection.absolute_target = False
        return connection

    def _connection(self, scheme, netloc):
        key = (scheme, netloc)
        connection = self._connections.get(key)
        if connection is not None and connection.sock is not None and _closed_by_peer(connection.sock):
            connection.close()  # a kept-alive connection the server has since closed
        if connection is None:
            connection = self._connections[key] = self._new_connection(scheme, netloc)
        return connection

    def send(self, method, url, body, headers):
        """Send one request; return a RawResponse, or raise TransportError.

        No TransportError carries a header value or a request body: http.client quotes the offending value
        when it refuses a header, so its errors are described, never passed on."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise TransportError("unsupported URL scheme in %s (use http:// or https://)" % url, False, False)
        try:
            connection = self._connection(parts.scheme, parts.netloc)
        except ValueError:
            raise TransportError("%s is not a valid host and port" % parts.netloc, False, False) from None
        if connection.sock is None:
            try:
                connection.connect()
                self.connections_opened += 1
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                message, retryable = _connect_failure(parts.scheme, parts.netloc, error, self.timeout)
                raise TransportError(message, False, retryable) from None
        target = url if connection.absolute_target else (parts.path or "/") + ("?" + parts.query if parts.query
                                                                               else "")
        all_headers = dict(headers)
        all_headers.update(connection.proxy_headers)
        try:
            connection.request(method, target, body=body or None, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
        except ValueError as error:  # InvalidURL, an invalid header name or value, UnicodeEncodeError: nothing sent
            connection.close()
            raise TransportError("the request to %s was not sent: a header or the URL holds a character HTTP does "
                                 "not allow (%s)" % (parts.netloc, type(error).__name__), False, False) from None
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise TransportError("%s %s: %s" % (method, parts.netloc, _lost_answer(error)), True) from None
        if response.will_close:
            connection.close()
        return RawResponse(response.status, Headers(response.getheaders()), content)


# What went wrong, for failures whose text would quote the server's bytes (an echo of the request).
_HTTP_FAILURES = {
    "BadStatusLine": "the answer is not HTTP",
    "RemoteDisconnected": "the connection closed without an answer",
    "IncompleteRead": "the answer was cut short",
    "LineTooLong": "the answer has a line too long for HTTP",
}


def _lost_answer(error):
    if isinstance(error, http.client.HTTPException):
        return "%s: %s" % (type(error).__name__, _HTTP_FAILURES.get(type(error).__name__, "no valid answer"))
    return "%s: %s" % (type(error).__name__, error.strerror or error or "no answer")


def _connect_failure(scheme, netloc, error, timeout):
    """(what the failure to connect means, whether trying again can help). Configuration errors are not
    retried: a name that does not resolve, a certificate that does not verify, a TLS handshake with something
    that does not speak TLS there, and a refused connection (nothing listens at that address; a cloud endpoint
    never refuses while it is up)."""
    host = urlsplit("//" + netloc).hostname
    if isinstance(error, ssl.SSLCertVerificationError):
        return ("TLS certificate verification failed for %s: %s (set validate_certs=false only for endpoints you "
                "trust)" % (netloc, error.verify_message), False)
    if isinstance(error, ssl.SSLError):
        return ("TLS handshake with %s failed (%s): check that the endpoint speaks %s on that port"
                % (netloc, error.reason or error, scheme), False)
    if isinstance(error, socket.gaierror):
        temporary = error.errno == socket.EAI_AGAIN
        return ("the host name %s does not resolve (%s)%s" % (
            host, error.strerror or error,
            "" if temporary else ": check the endpoint, iam_endpoint and region options"), temporary)
    if isinstance(error, ConnectionRefusedError):
        return ("%s refused the connection: nothing listens there, so check the endpoint (host and port)" % netloc,
                False)
    if isinstance(error, socket.timeout):
        return "no connection to %s within %s seconds (timeout)" % (netloc, timeout), True
    return "cannot connect to %s: %s" % (netloc, getattr(error, "strerror", None) or error), True


def _closed_by_peer(sock):
    """Whether an idle kept-alive connection can no longer be used: it is readable, which for a connection
    with no request in flight means the server closed it (or sent something unasked)."""
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True
