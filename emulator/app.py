"""The WSGI application: authentication, routing, validation, faults, the request log and control paths."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import uuid
from typing import Any, Dict, Iterable, List, Optional

import jsonschema
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, RequestRedirect, Rule
from werkzeug.wrappers import Request, Response

from . import fixtures as fixture_data
from .auth import Authenticator, Principal
from .config import Config
from .errors import ApiError, invalid
from .faults import FaultInjector
from .resources import ALL_ROUTES, MODULES, install_hooks
from .routing import Context, Reply, Route, Routes
from .store import Store

CONTROL_PREFIX = "/_emulator/"
DROP_CONNECTION = "emulator.drop_connection"
# The largest request body accepted (the biggest real one, a certificate upload, is some 20 KB). Larger bodies get
# the API gateway's 413 before anything reads them.
MAX_BODY_BYTES = 1024 * 1024
# How much of a value an error message quotes: a message never echoes a whole body (nor a secret in it).
MAX_QUOTED = 64
# Fields whose values /_emulator/state never shows (the records keep them, as the service does).
SECRET_FIELDS = frozenset(("psk", "password", "old_password", "new_password", "private_key", "enc_private_key",
                           "password_history", "salt", "secret_key", "user_password"))
REDACTED = "**redacted**"


def _quoted(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + f"... ({len(text)} characters)"


def _schema_message(error: jsonschema.ValidationError) -> str:
    """Where the body breaks which rule, never the value itself: values may be secrets (a PSK that does not
    match its pattern) or megabytes long."""
    location = ".".join(str(part) for part in error.absolute_path)
    rule = error.validator_value
    rules = {
        "type": lambda: f"must be of type {' or '.join(rule) if isinstance(rule, list) else rule}",
        "pattern": lambda: f"does not match the pattern {rule}",
        "minLength": lambda: f"must be at least {rule} characters long",
        "maxLength": lambda: f"must be at most {rule} characters long",
        "minimum": lambda: f"must be at least {rule}",
        "maximum": lambda: f"must be at most {rule}",
        "exclusiveMinimum": lambda: f"must be more than {rule}",
        "exclusiveMaximum": lambda: f"must be less than {rule}",
        "enum": lambda: "must be one of " + ", ".join(json.dumps(v) for v in rule),
        "const": lambda: f"must be {json.dumps(rule)}",
        "minItems": lambda: f"must have at least {rule} items",
        "maxItems": lambda: f"must have at most {rule} items",
        "uniqueItems": lambda: "must not repeat an item",
        "required": lambda: error.message if len(error.message) <= 2 * MAX_QUOTED else "a required field is missing",
        "additionalProperties": lambda: "unknown field(s) " + ", ".join(
            _quoted(key) for key in sorted(set(error.instance) - set(error.schema.get("properties", {})))[:5]),
    }
    describe = rules.get(str(error.validator))
    message = describe() if describe is not None else f"does not satisfy the rule {error.validator}"
    return f"{location}: {message}" if location else message


def ecma_end_anchors(pattern: str) -> str:
    """The pattern with each `$` outside a character class made `\\Z`, the end of the string as ECMA-262 reads
    `$` (Python's `$` also matches before a final newline, so "gw" and a newline passed `^[A-Za-z0-9_.-]{1,64}$`)."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = "\\Z"
        out.append(char)
    return "".join(out)


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Dict[str, Any]) -> Iterable[Any]:
    """JSON Schema's `pattern` keyword with ECMA-262's end anchor."""
    if validator.is_type(instance, "string") and not re.search(ecma_end_anchors(pattern), instance):
        yield jsonschema.ValidationError(f"does not match {pattern!r}")


Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


def redacted(value: Any) -> Any:
    """A copy of records with every secret field's value replaced (keys with or without the internal `_`): a
    string by its SHA-256 digest ("sha256:<hex>", so a test can check which key was applied without the key
    being served), anything else by REDACTED."""
    if isinstance(value, dict):
        return {key: _digest(item) if str(key).lstrip("_") in SECRET_FIELDS else redacted(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [redacted(item) for item in value]
    return value


def _digest(secret: Any) -> str:
    if isinstance(secret, str):
        return "sha256:" + hashlib.sha256(secret.encode("utf-8")).hexdigest()
    return REDACTED


class RequestLog:
    def __init__(self) -> None:
        self._entries: List[Dict[str, Any]] = []
        self._lock = threading.Lock()

    def add(self, entry: Dict[str, Any]) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> List[Dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class EmulatorApp:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.store = Store(config)
        self.auth = Authenticator(config.account, config.max_clock_skew_seconds)
        self.faults = FaultInjector(config.faults)
        self.log = RequestLog()
        self.routes: List[Route] = [route for routes in ALL_ROUTES for route in routes.routes]
        # No slash merging: a path with "//" is not an API path (werkzeug would answer a redirect).
        self.url_map = Map([Rule(route.pattern, endpoint=index, methods=[route.method])
                            for index, route in enumerate(self.routes)], strict_slashes=False, merge_slashes=False)
        self.validators = {index: Validator(route.schema)
                           for index, route in enumerate(self.routes) if route.schema is not None}
        # Control paths a resource family adds for tests (its module's `control` Routes, under /_emulator/).
        self.control_routes: List[Route] = [route for module in MODULES
                                            for route in getattr(module, "control", Routes()).routes]
        self.control_map = Map([Rule(route.pattern, endpoint=index, methods=[route.method])
                                for index, route in enumerate(self.control_routes)], strict_slashes=False)
        install_hooks(self.store)

    # -- WSGI ----------------------------------------------------------------------------------------

    def __call__(self, environ: Dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith(CONTROL_PREFIX):
            try:
                response = self._control(request)
            except Exception as crash:  # pylint: disable=broad-except  # a malformed control request
                response = Response(json.dumps({"error": f"{type(crash).__name__}: {_quoted(str(crash))}"}), status=400,
                                    mimetype="application/json")
        else:
            response = self._api(request, environ)
        if environ.get(DROP_CONNECTION):
            # The server's request handler closes the socket without an answer (see server.py).
            raise ConnectionAbortedError("fault injection: connection dropped")
        return response(environ, start_response)

    def _api(self, request: Request, environ: Dict[str, Any]) -> Response:
        """Every answer is the API's error JSON or a handler's reply, and every request is logged, the ones that
        crashed too (with `crash`: the exception's type)."""
        request_id = uuid.uuid4().hex
        route: Optional[Route] = None
        entry: Dict[str, Any] = {"method": request.method, "path": request.path,
                                 "query": request.query_string.decode("latin-1"), "request_id": request_id,
                                 "at": time.time()}
        try:
            raw_body = self._read_body(request)
            if raw_body:
                # Tells a request sent again (a retry) from another one to the same path.
                entry["body_sha256"] = hashlib.sha256(raw_body).hexdigest()
            self.faults.latency()
            adapter = self.url_map.bind_to_environ(environ)
            try:
                index, params = adapter.match()
            except (NotFound, RequestRedirect):
                raise ApiError(404, "APIGW.0101", f"The API does not exist or has not been published: "
                                                  f"{request.method} {_quoted(request.path)}") from None
            except MethodNotAllowed:
                raise ApiError(405, "APIGW.0102", f"Method {request.method} is not allowed on {request.path}") \
                    from None
            route = self.routes[index]
            entry["write"] = route.write
            fault = self.faults.before(route.write)
            if fault is not None:
                entry["fault"] = fault.kind
                if fault.drop:
                    environ[DROP_CONNECTION] = True
                    entry["status"] = 0
                    self.log.add(entry)
                    return Response(b"", status=500)
                raise fault.error  # type: ignore[misc]
            reply = self._dispatch(request, raw_body, route, index, params, request_id)
            # A create that took effect loses its answer; a replayed answer (X-Client-Token) created nothing.
            if route.write and route.method == "POST" and reply.status == 201 and not reply.replayed \
                    and self.faults.lose_response():
                entry["fault"] = "lost-response"
                raise ApiError(504, "APIGW.0204", "Gateway timeout: the backend service timed out")
            response = self._render(reply.status, reply.body, request_id, reply.headers, reply.request_id_in_body)
        except ApiError as error:
            if route is not None and route.error_shape == "keystone":
                error.shape = "keystone"
            response = self._render(error.status, error.body(request_id), request_id, error.headers)
        except Exception as crash:  # pylint: disable=broad-except  # a bug: the service's own 500, logged
            entry["crash"] = type(crash).__name__
            error = ApiError(500, "VPN.0002", "server error: internal error")
            if route is not None and route.error_shape == "keystone":
                error.shape = "keystone"
            response = self._render(500, error.body(request_id), request_id)
        entry["status"] = response.status_code
        self.log.add(entry)
        return response

    @staticmethod
    def _read_body(request: Request) -> bytes:
        """The body, at most MAX_BODY_BYTES of it (a declared or a streamed length above is refused)."""
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            raise ApiError(413, "APIGW.0201", f"Request entity too large: the body is larger than {MAX_BODY_BYTES} "
                                              "bytes")
        try:
            raw = request.stream.read(MAX_BODY_BYTES + 1)
        except HTTPException:
            raise ApiError(400, "APIGW.0201", "the request body could not be read") from None
        if len(raw) > MAX_BODY_BYTES:
            raise ApiError(413, "APIGW.0201", f"Request entity too large: the body is larger than {MAX_BODY_BYTES} "
                                              "bytes")
        return raw

    def _dispatch(self, request: Request, raw_body: bytes, route: Route, index: int, params: Dict[str, str],
                  request_id: str) -> Reply:
        principal: Optional[Principal] = None
        if route.authenticated:
            principal = self.auth.authenticate(request.method, request.path, request.query_string.decode("latin-1"),
                                               dict(request.headers), raw_body)
            project_id = params.get("project_id")
            if project_id is not None and project_id != principal.project_id:
                raise ApiError(403, "VPN.0003", f"Authentication failed: the credentials do not grant "
                                                f"access to project {project_id}")
        body = self._parse_body(raw_body, request.mimetype)
        validator = self.validators.get(index)
        if validator is not None:
            if body is None:
                raise invalid("the request body is missing")
            error = jsonschema.exceptions.best_match(validator.iter_errors(body))
            if error is not None:
                raise invalid(_schema_message(error))
        context = Context(store=self.store, config=self.config, auth=self.auth, params=params,
                          query=request.args, headers=dict(request.headers), body=body,
                          request_id=request_id, principal=principal)
        with self.store.lock:
            self.store.advance()
            reply = route.handler(context)
            if route.write:
                self.store.save()
        return reply

    @staticmethod
    def _parse_body(raw: bytes, mimetype: str) -> Any:
        if not raw:
            return None
        if mimetype and mimetype != "application/json":
            raise ApiError(415, "VPN.0001", f"invalid request: unsupported content type {mimetype}")
        try:
            return json.loads(raw)
        except ValueError as error:
            raise invalid(f"the body is not valid JSON: {error}") from None
        except RecursionError:
            raise invalid("the body is not valid JSON: it is nested too deeply") from None

    @staticmethod
    def _render(status: int, body: Any, request_id: str, headers: Optional[Dict[str, str]] = None,
                request_id_in_body: bool = True) -> Response:
        response = Response(status=status)
        response.headers["X-Request-Id"] = request_id
        for key, value in (headers or {}).items():
            response.headers[key] = value
        if status != 204 and body is not None:
            if isinstance(body, dict) and status < 400 and "request_id" not in body and request_id_in_body:
                body = dict(body, request_id=request_id)
            response.set_data(json.dumps(body, ensure_ascii=False))
            response.headers["Content-Type"] = "application/json;charset=UTF-8"
        return response

    # -- control paths (tests and tools; loopback only, no auth, not logged) ----------------------------

    def _control(self, request: Request) -> Response:
        path, method = request.path[len(CONTROL_PREFIX):].rstrip("/"), request.method
        with self.store.lock:
            self.store.advance()
            if path == "fixtures" and method == "GET":
                return Response(json.dumps(fixture_data.public_view(self.store.fixtures)),
                                mimetype="application/json")
            if path == "requests" and method == "GET":
                return Response(json.dumps(self.log.entries()), mimetype="application/json")
            if path == "requests" and method == "DELETE":
                self.log.clear()
                return Response(status=204)
            if path == "reset" and method == "POST":
                self.store.reset()
                self.log.clear()
                self.faults.reset()  # the same faults again, from the seed
                return Response(status=204)
            if path == "faults" and method == "POST":
                # Tests change fault injection while running: {"fault_rate": 1.0, "writes_only": true}.
                try:
                    self.faults.configure(json.loads(request.get_data() or b"{}"))
                except ValueError as error:
                    return Response(json.dumps({"error": str(error)}), status=400, mimetype="application/json")
                return Response(status=204)
            if path == "quotas" and method == "POST":
                # Tests lower a quota to reach its limit quickly: {"vpn_gateway": 2}.
                self.store.fixtures.setdefault("quotas", {}).update(json.loads(request.get_data() or b"{}"))
                return Response(status=204)
            if path.startswith("eips/") and path.endswith("/unbind") and method == "POST":
                # Stands in for the EIP service unbinding an EIP from its gateway (4.1.1.4 asks for it first).
                return self._unbind_eip(path.split("/")[1])
            if path == "state" and method == "GET":
                return Response(json.dumps(redacted(self.store.collections), default=str),
                                mimetype="application/json")
            family_response = self._family_control(request)
            if family_response is not None:
                return family_response
        return Response(json.dumps({"error": f"unknown control path {method} {request.path}"}), status=404,
                        mimetype="application/json")

    def _family_control(self, request: Request) -> Optional[Response]:
        try:
            index, params = self.control_map.bind_to_environ(request.environ).match()
        except (NotFound, MethodNotAllowed):
            return None
        context = Context(store=self.store, config=self.config, auth=self.auth, params=params, query=request.args,
                          headers=dict(request.headers), body=json.loads(request.get_data() or b"null"),
                          request_id=uuid.uuid4().hex, principal=None)
        try:
            reply = self.control_routes[index].handler(context)
        except ApiError as error:
            return Response(json.dumps(error.body(context.request_id)), status=error.status,
                            mimetype="application/json")
        self.store.save()
        return Response(json.dumps(reply.body) if reply.body is not None else b"", status=reply.status,
                        mimetype="application/json")

    def _unbind_eip(self, eip_id: str) -> Response:
        for eip in self.store.fixtures["eips"]:
            if eip["id"] == eip_id:
                for gateway in self.store.all("vpn_gateways"):
                    for slot in ("_eip1_id", "_eip2_id"):
                        if gateway.get(slot) == eip_id:
                            gateway.pop(slot)
                eip.update(bound_to=None, status="DOWN")
                self.store.save()
                return Response(status=204)
        return Response(json.dumps({"error": f"no EIP {eip_id}"}), status=404, mimetype="application/json")
