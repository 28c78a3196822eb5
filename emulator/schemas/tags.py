"""Bodies of 4.3.2: tag batches and tag-based resource queries."""

from __future__ import annotations

from .common import TAG_OPTIONAL_VALUE, obj

TAG_BATCH = obj({"tags": {"type": "array", "minItems": 1, "maxItems": 20, "items": TAG_OPTIONAL_VALUE}}, ["tags"])

_FILTER_TAG = obj({"key": {"type": "string", "minLength": 1, "maxLength": 128},
                   "values": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 255}}},
                  ["key", "values"])
_MATCH = obj({"key": {"enum": ["resource_name"]}, "value": {"type": "string", "maxLength": 255}}, ["key", "value"])

# The reference's own example sends "without_any_tag": "false" (a string), so both forms are accepted.
RESOURCE_QUERY = obj({
    "without_any_tag": {"type": ["boolean", "string"], "enum": [True, False, "true", "false"]},
    "tags": {"type": "array", "maxItems": 20, "items": _FILTER_TAG},
    "matches": {"type": "array", "items": _MATCH},
})
