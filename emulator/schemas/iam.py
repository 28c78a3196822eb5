"""Bodies of the IAM calls the collection makes (Keystone token and temporary credentials)."""

from __future__ import annotations

from .common import obj

_NAMED_OR_ID = {"type": "object", "properties": {"name": {"type": "string"}, "id": {"type": "string"}},
                "minProperties": 1}

TOKEN = obj({"auth": obj({
    "identity": obj({
        "methods": {"type": "array", "items": {"enum": ["password"]}, "minItems": 1},
        "password": obj({"user": obj({"name": {"type": "string"}, "password": {"type": "string"},
                                      "domain": _NAMED_OR_ID}, ["name", "password", "domain"])}, ["user"]),
    }, ["methods", "password"]),
    "scope": obj({"project": _NAMED_OR_ID, "domain": _NAMED_OR_ID}),
}, ["identity"])}, ["auth"])

SECURITY_TOKEN = obj({"auth": obj({
    "identity": obj({
        "methods": {"type": "array", "items": {"enum": ["token"]}, "minItems": 1},
        "token": obj({"id": {"type": "string"},
                      "duration_seconds": {"type": "integer", "minimum": 900, "maximum": 86400}}),
    }, ["methods"]),
}, ["identity"])}, ["auth"])
