"""The reference's response tables as data: every operation's method, path, success status and returned fields.

`python tests/emulator/reference_tables.py PATH_TO_REFERENCE` rewrites reference_responses.json next to this file
from the text of the API reference; the conformance test (test_conformance.py) reads that JSON, so it runs where
the reference is not at hand. The reference's text lost a little in its conversion: the fixes are in PATCHES, each
with the reason, so the data stays reproducible.

A field is {"type": "string" | "integer" | "boolean" | "array" | "object", "always": bool, "items": field,
"fields": {name: field}}: `always` is false when the description says the field is returned only in some cases
("only when", "available when", "if ..."), `fields` is absent when the reference has no table for the object.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "reference_responses.json")

SECTION = re.compile(r"^(4\.\d\.\d\.\d+) (.+)$")
URI = re.compile(r"^(GET|POST|PUT|DELETE) (?:https://\{Endpoint\})?(/v5(?:\.1)?/\S*)")
TABLE = re.compile(r"^Table [\d-]+ (.+)$")
STATUS = re.compile(r"[Rr]eturned status code (\d+)")
# Descriptions of fields that are not in every answer.
CONDITIONAL = re.compile(r"\bonly\b|available when|returned when|not returned|is available|left empty|\bif\b|"
                         r"\bempty\b|when .* (?:is|are) (?:set|specified|used)", re.IGNORECASE)
BODY_TABLE = "Parameters in the response body"
# A row of a response table: a field name (4.1.1.7 has keys like Professional1-NonFixedIP) and a type.
FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
TYPE = re.compile(r"^(String|Integer|Long|Boolean|object|Arrays? of .+|.+ [Oo]bject)$", re.IGNORECASE)

# Where the text of the reference lost a part of a section.
PATCHES: Dict[str, Dict[str, Any]] = {
    # The text runs 4.2.2.4's response and 4.2.2.5's heading, URI and first tables together: the tables parsed
    # under 4.2.2.4 are 4.2.2.5's (GET /v5/{project_id}/vpn-servers); 4.2.2.4's response table is lost.
    "4.2.2.4": {"fields": None},
    "4.2.2.5": {"title": "Querying the VPN Server List by Project", "method": "GET",
                "path": "/v5/{project_id}/vpn-servers", "status": 200, "tables_of": "4.2.2.4"},
    # Truncated URIs (the line breaks inside the path).
    "4.2.1.8": {"path": "/v5/{project_id}/p2c-vpn-gateways/{p2c_vgw_id}/connections/{connection_id}/disconnect"},
    "4.2.3.11": {"path": "/v5/{project_id}/p2c-vpn-gateways/vpn-servers/{vpn_server_id}/groups/{group_id}"},
    "4.2.3.14": {"path": "/v5/{project_id}/p2c-vpn-gateways/vpn-servers/{vpn_server_id}/groups/{group_id}"},
}


def _type_name(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _field(type_text: str, description: str, tables: Dict[str, List[Tuple[str, str, str]]],
           seen: Tuple[str, ...]) -> Dict[str, Any]:
    always = not CONDITIONAL.search(description)
    text = type_text.strip()
    array = re.match(r"^Arrays? of (.+?)(?: objects?)?$", text, re.IGNORECASE)
    if array:
        item = array.group(1)
        if item.lower() in ("string", "strings"):
            return {"type": "array", "always": always, "items": {"type": "string", "always": True}}
        return {"type": "array", "always": always, "items": _object(item, tables, seen)}
    lowered = text.lower()
    if lowered == "string":
        return {"type": "string", "always": always}
    if lowered in ("integer", "long"):
        return {"type": "integer", "always": always}
    if lowered == "boolean":
        return {"type": "boolean", "always": always}
    name = re.sub(r"\s+object$", "", text, flags=re.IGNORECASE)
    return dict(_object(name, tables, seen), always=always)


def _object(name: str, tables: Dict[str, List[Tuple[str, str, str]]], seen: Tuple[str, ...]) -> Dict[str, Any]:
    key = _type_name(re.sub(r"\s+object$", "", name, flags=re.IGNORECASE))
    out: Dict[str, Any] = {"type": "object", "always": True}
    if key in tables and key not in seen:
        out["fields"] = {row[0]: _field(row[1], row[2], tables, seen + (key,)) for row in tables[key]}
    return out


def _tables(lines: List[str]) -> Tuple[List[int], Dict[str, List[Tuple[str, str, str]]], List[str]]:
    """Success statuses, the tables of the Response part (by normalised title) and their order."""
    statuses: List[int] = []
    tables: Dict[str, List[Tuple[str, str, str]]] = {}
    order: List[str] = []
    current: Optional[str] = None
    start = next((i for i, line in enumerate(lines) if line.strip() == "Response"), len(lines))
    for line in lines[start:]:
        found = STATUS.search(line)
        if found:
            statuses.append(int(found.group(1)))
        title = TABLE.match(line.strip())
        if title:
            current = _type_name(title.group(1))
            if current not in tables:
                tables[current] = []
                order.append(current)
            continue
        parts = line.split("\t")
        if current and len(parts) >= 3 and FIELD_NAME.match(parts[0]) and TYPE.match(parts[1].strip()):
            tables[current].append((parts[0], parts[1], parts[2]))
    return statuses, tables, order


def parse(text: str) -> Dict[str, Dict[str, Any]]:
    lines = text.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("5.1 Example 1"))
    heads = [(i, m.group(1), m.group(2)) for i, m in ((i, SECTION.match(line)) for i, line in enumerate(lines[:end]))
             if m]
    parsed: Dict[str, Dict[str, Any]] = {}
    raw_tables: Dict[str, Dict[str, List[Tuple[str, str, str]]]] = {}
    for index, (start, number, title) in enumerate(heads):
        stop = heads[index + 1][0] if index + 1 < len(heads) else end
        body = lines[start:stop]
        uri = next((URI.match(line.strip()) for line in body if URI.match(line.strip())), None)
        statuses, tables, order = _tables(body)
        raw_tables[number] = tables
        parsed[number] = {"title": title, "method": uri.group(1) if uri else None,
                          "path": uri.group(2).rstrip("/") if uri else None,
                          "status": statuses[0] if statuses else None, "fields": _body(tables)}
    for number, patch in PATCHES.items():
        entry = parsed.setdefault(number, {})
        patch = dict(patch)
        source = patch.pop("tables_of", None)
        if source:
            entry["fields"] = _body(raw_tables[source])
        entry.update(patch)
    return dict(sorted(parsed.items(), key=lambda item: [int(p) for p in item[0].split(".")]))


def _body(tables: Dict[str, List[Tuple[str, str, str]]]) -> Optional[Dict[str, Any]]:
    if BODY_TABLE.lower().replace(" ", "") not in tables:
        return None if not tables else {}
    rows = tables[_type_name(BODY_TABLE)]
    # The body's own fields are always there (a list answer has its list even when empty).
    return {row[0]: dict(_field(row[1], row[2], tables, ()), always=True) for row in rows}


def main(argv: List[str]) -> int:
    with open(argv[1], encoding="utf-8") as handle:
        operations = parse(handle.read())
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        json.dump(operations, handle, indent=1, sort_keys=False)
        handle.write("\n")
    print(f"{len(operations)} operations written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
