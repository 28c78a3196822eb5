# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SDK-HMAC-SHA256 request signing, byte for byte the algorithm of Huawei Cloud's SDK signer."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from urllib.parse import quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def encode(value):
    """RFC 3986 encoding as the SDK does it: everything but unreserved characters (and ~) is escaped."""
    return quote(value, safe="~")


def canonical_query(pairs):
    """The query string the SDK signs and sends: (key, value) pairs sorted, keys and values encoded."""
    return "&".join("%s=%s" % (encode(key), encode(value)) for key, value in sorted(pairs))


def canonical_uri(path):
    uri = "/".join(encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def sign(method, url, headers, body, access_key, secret_key, now=None):
    """Return the headers to send: `headers` plus Host, X-Sdk-Date and Authorization.

    `url` carries the already canonical query string (see canonical_query). Headers whose name holds an
    underscore are left unsigned, like the SDK does; every other header is signed.
    """
    parts = urlsplit(url)
    signed_headers = dict(headers)
    if not any(name.lower() == "host" for name in signed_headers):
        signed_headers["Host"] = parts.netloc
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    signed_headers["X-Sdk-Date"] = moment.strftime(DATE_FORMAT)

    lowered = {}
    for name, value in signed_headers.items():
        lowered[name.lower()] = str(value).strip()
    names = sorted(name for name in lowered if "_" not in name)
    canonical_headers = "".join("%s:%s\n" % (name, lowered[name]) for name in names)

    payload = body or b""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    payload_hash = _sha256_hex(payload) if payload else EMPTY_BODY_SHA256

    query_pairs = []
    if parts.query:
        for item in parts.query.split("&"):
            key, _sep, value = item.partition("=")
            query_pairs.append((unquote(key), unquote(value)))
    canonical_request = "\n".join([
        method.upper(), canonical_uri(parts.path), canonical_query(query_pairs), canonical_headers,
        ";".join(names), payload_hash])
    string_to_sign = "\n".join([ALGORITHM, signed_headers["X-Sdk-Date"],
                                _sha256_hex(canonical_request.encode("utf-8"))])
    signature = hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    signed_headers["Authorization"] = "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, access_key, ";".join(names), signature)
    return signed_headers
