"""Schema fragments the reference repeats across resources."""

from __future__ import annotations

from typing import Any, Dict, List

UUID = {"type": "string", "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"}
# "a string of 1 to 64 characters, which can contain digits, letters, underscores (_), hyphens (-), and periods (.)"
NAME = {"type": "string", "pattern": r"^[A-Za-z0-9_.\-]{1,64}$"}
ENTERPRISE_PROJECT_ID = {"type": "string", "pattern": UUID["pattern"][:-1] + "|^0$"}
ASN = {"type": "integer", "minimum": 1, "maximum": 4294967295}
CIDR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}}

# Tag keys and values: letters (Spanish and Portuguese included), digits, spaces and _ . : = + - @
_TAG_CHARS = r"[\w .:=+\-@]"
TAG = {"type": "object", "additionalProperties": False, "required": ["key", "value"],
       "properties": {"key": {"type": "string", "pattern": f"^{_TAG_CHARS}{{1,128}}$"},
                      "value": {"type": "string", "pattern": f"^{_TAG_CHARS}{{0,255}}$"}}}
TAG_OPTIONAL_VALUE = {**TAG, "required": ["key"]}
TAGS = {"type": "array", "maxItems": 20, "items": TAG}

ENCRYPTION = {"enum": ["aes-256-gcm-16", "aes-128-gcm-16", "aes-256", "aes-192", "aes-128"]}
DH_GROUP = {"enum": ["group14", "group15", "group16", "group19", "group20", "group21", "disable"]}
AUTHENTICATION = {"enum": ["sha2-512", "sha2-384", "sha2-256"]}


def obj(properties: Dict[str, Any], required: List[str] = ()) -> Dict[str, Any]:  # type: ignore[assignment]
    """An object with exactly these properties: unknown fields are refused, as a strict server would."""
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required)}


def envelope(key: str, content: Dict[str, Any]) -> Dict[str, Any]:
    """The API wraps each body in its resource key: {"vpn_gateway": {...}}."""
    return obj({key: content}, [key])
