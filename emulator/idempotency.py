"""X-Client-Token: the create APIs that accept it answer a repeated request with the first answer and create
nothing more (4.2.2.1, 4.2.2.7, 4.2.3.1, 4.2.3.2, 4.2.3.10, 4.2.4.1).

The token must be a UUID. A token is remembered with a digest of the request it came with; the same token on a
different request is refused, as a retry can only ever repeat the same request. Failed requests are not
remembered: nothing was created, so a corrected retry may succeed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from typing import Callable

from .errors import invalid
from .routing import Context, Reply

TOKENS = "client_tokens"
HEADER = "X-Client-Token"
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def client_token(ctx: Context) -> str:
    for key, value in ctx.headers.items():
        if key.lower() == HEADER.lower():
            return value
    return ""


def _digest(ctx: Context) -> str:
    request = {"path": dict(ctx.params), "body": ctx.body}
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode("utf-8")).hexdigest()


def once(ctx: Context, create: Callable[[Context], Reply]) -> Reply:
    """create(ctx), unless the request's X-Client-Token was seen: then the answer given the first time."""
    token = client_token(ctx)
    if not token:
        return create(ctx)
    if not _UUID.match(token):
        raise invalid(f"{HEADER} must be a UUID of 36 characters, got {token!r}")
    digest = _digest(ctx)
    seen = ctx.store.get(TOKENS, token)
    if seen is not None:
        if seen["_request"] != digest:
            raise invalid(f"{HEADER} {token} was already used for a different request")
        return Reply(seen["_status"], copy.deepcopy(seen["_body"]), replayed=True)
    reply = create(ctx)
    ctx.store.insert(TOKENS, {"id": token, "_request": digest, "_status": reply.status,
                              "_body": copy.deepcopy(reply.body)})
    return reply
