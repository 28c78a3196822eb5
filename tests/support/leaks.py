"""Finding a secret in text: the secret itself or a simple encoding of it (base64, URL-encoded, JSON-escaped,
Python repr; a PEM key by each line of its body too)."""

from __future__ import annotations

import base64
import json
import urllib.parse
from typing import Dict, Iterator, List, Tuple


def forms(secret: str) -> Iterator[Tuple[str, str]]:
    """The secret and simple encodings of it; a PEM key by each line of its body too."""
    yield "raw", secret
    yield "base64", base64.b64encode(secret.encode()).decode()
    yield "base64url", base64.urlsafe_b64encode(secret.encode()).decode().rstrip("=")
    yield "url", urllib.parse.quote(secret, safe="")
    yield "url+", urllib.parse.quote_plus(secret)
    yield "json", json.dumps(secret)[1:-1]
    yield "json-ascii", json.dumps(secret, ensure_ascii=False)[1:-1]
    yield "repr", repr(secret)[1:-1]
    if "PRIVATE KEY" in secret:
        body = [line for line in secret.splitlines() if line and not line.startswith("-----")]
        for index, line in enumerate(body):
            if len(line) >= 16:
                yield f"pem line {index}", line
        yield "pem body", "".join(body)


def leaks(text: str, secrets: Dict[str, str]) -> List[str]:
    """'label (form)' for each secret found in the text, by any of its forms."""
    found = []
    for label, secret in secrets.items():
        for form, value in forms(secret):
            if value and value in text:
                found.append(f"{label} ({form})")
    return sorted(set(found))
