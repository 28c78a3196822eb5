"""How resource modules declare their API paths, and what a handler receives and returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from werkzeug.datastructures import MultiDict

from .auth import Authenticator, Principal
from .config import Config
from .errors import invalid
from .store import Store


@dataclass
class Context:
    """Everything a handler may use for one request."""

    store: Store
    config: Config
    auth: Authenticator
    params: Dict[str, str]
    query: MultiDict
    headers: Dict[str, str]
    body: Any
    request_id: str
    principal: Optional[Principal]

    def query_int(self, name: str, default: int, minimum: int, maximum: int) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise invalid(f"query parameter {name} must be an integer, got {raw!r}") from None
        if not minimum <= value <= maximum:
            raise invalid(f"query parameter {name} must be between {minimum} and {maximum}, got {value}")
        return value


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: Dict[str, str] = field(default_factory=dict)
    # The answer given to an earlier request with the same X-Client-Token: nothing was done this time.
    replayed: bool = False
    # Whether the body carries request_id: the reference lists it for most answers, not for the tag APIs (4.3.2),
    # the routing table (4.1.1.9) or the client configuration export (4.2.2.4), and neither does the SDK.
    request_id_in_body: bool = True


Handler = Callable[[Context], Reply]


@dataclass
class Route:
    method: str
    pattern: str  # werkzeug rule syntax, e.g. /v5/<project_id>/vpn-gateways/<vgw_id>
    handler: Handler
    schema: Optional[Dict[str, Any]]
    write: bool  # whether the request changes state (reads include POST .../filter and .../count)
    authenticated: bool
    error_shape: str  # "vpn" or "keystone"


class Routes:
    """A resource module's routes: `@routes.post(pattern, schema=...)` on each handler."""

    def __init__(self, error_shape: str = "vpn") -> None:
        self.routes: List[Route] = []
        self.error_shape = error_shape

    def _add(self, method: str, pattern: str, schema: Optional[Dict[str, Any]], write: bool,
             authenticated: bool) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, pattern, handler, schema, write, authenticated, self.error_shape))
            return handler
        return register

    def get(self, pattern: str, authenticated: bool = True) -> Callable[[Handler], Handler]:
        return self._add("GET", pattern, None, False, authenticated)

    def post(self, pattern: str, schema: Optional[Dict[str, Any]] = None, write: bool = True,
             authenticated: bool = True) -> Callable[[Handler], Handler]:
        return self._add("POST", pattern, schema, write, authenticated)

    def put(self, pattern: str, schema: Optional[Dict[str, Any]] = None) -> Callable[[Handler], Handler]:
        return self._add("PUT", pattern, schema, True, True)

    def delete(self, pattern: str, schema: Optional[Dict[str, Any]] = None) -> Callable[[Handler], Handler]:
        return self._add("DELETE", pattern, schema, True, True)
