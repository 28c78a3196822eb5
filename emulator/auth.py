"""Authentication as the API gateway does it: SDK-HMAC-SHA256 signatures, temporary credentials with a
security token, and IAM tokens issued by the emulator's own IAM endpoint.

Written from Huawei's published signing algorithm, independently of the collection's signer.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Dict, List, Tuple
from urllib.parse import quote, unquote

from .config import Account
from .errors import ApiError

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_AUTH_HEADER = re.compile(r"^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$")


def auth_error(message: str) -> ApiError:
    return ApiError(401, "APIGW.0301", f"Incorrect IAM authentication information: {message}")


@dataclass
class Principal:
    """Who a request authenticated as."""

    method: str  # "aksk", "temporary-aksk" or "token"
    project_id: str


@dataclass
class TemporaryCredential:
    access: str
    secret: str
    security_token: str
    expires_at: float


def canonical_query(raw_query: str) -> str:
    pairs: List[Tuple[str, str]] = []
    for item in raw_query.split("&") if raw_query else []:
        key, unused_sep, value = item.partition("=")
        pairs.append((unquote(key), unquote(value)))
    pairs.sort()
    return "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in pairs)


def canonical_uri(path: str) -> str:
    uri = "/".join(quote(segment, safe="~") for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def string_to_sign(method: str, path: str, raw_query: str, headers: Dict[str, str], signed: List[str],
                   body: bytes, sdk_date: str) -> str:
    lowered = {k.lower(): v for k, v in headers.items()}
    canonical_headers = "".join(f"{name}:{lowered[name].strip()}\n" for name in signed)
    if lowered.get("x-sdk-content-sha256") == "UNSIGNED-PAYLOAD":
        payload_hash = "UNSIGNED-PAYLOAD"
    else:
        payload_hash = hashlib.sha256(body).hexdigest()
    canonical_request = "\n".join([method.upper(), canonical_uri(path), canonical_query(raw_query),
                                   canonical_headers, ";".join(signed), payload_hash])
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


class Authenticator:
    def __init__(self, account: Account, max_skew_seconds: int) -> None:
        self.account = account
        self.max_skew = max_skew_seconds
        self._tokens: Dict[str, float] = {}
        self._temporary: Dict[str, TemporaryCredential] = {}
        self._lock = threading.Lock()

    # -- IAM -----------------------------------------------------------------------------------------

    def issue_token(self, lifetime_seconds: int = 24 * 3600) -> Tuple[str, float]:
        token = "MIIE" + secrets.token_urlsafe(96)
        expires = time.time() + lifetime_seconds
        with self._lock:
            self._tokens[token] = expires
        return token, expires

    def issue_temporary_credential(self, duration_seconds: int) -> TemporaryCredential:
        credential = TemporaryCredential(
            access="TMP" + secrets.token_hex(10).upper(),
            secret=secrets.token_urlsafe(30),
            security_token="gQpjbi1ub3J0aC00" + secrets.token_urlsafe(180),
            expires_at=time.time() + duration_seconds)
        with self._lock:
            self._temporary[credential.access] = credential
        return credential

    # -- request verification ------------------------------------------------------------------------

    def authenticate(self, method: str, path: str, raw_query: str, headers: Dict[str, str],
                     body: bytes) -> Principal:
        lowered = {k.lower(): v for k, v in headers.items()}
        if "authorization" in lowered:
            return self._verify_signature(method, path, raw_query, headers, lowered, body)
        token = lowered.get("x-auth-token")
        if token:
            with self._lock:
                expires = self._tokens.get(token)
            if expires is None:
                raise auth_error("the token is not valid")
            if expires < time.time():
                raise auth_error("the token has expired")
            return Principal("token", self.account.project_id)
        raise auth_error("no Authorization or X-Auth-Token header")

    def _verify_signature(self, method: str, path: str, raw_query: str, headers: Dict[str, str],
                          lowered: Dict[str, str], body: bytes) -> Principal:
        match = _AUTH_HEADER.match(lowered["authorization"].strip())
        if not match:
            raise auth_error("malformed Authorization header")
        access, signed_list, signature = match.groups()
        signed = signed_list.split(";")
        if signed != sorted(signed) or any(name != name.lower() for name in signed):
            raise auth_error("SignedHeaders must be lower case and sorted")
        for required in ("host", "x-sdk-date"):
            if required not in signed:
                raise auth_error(f"header {required} must be signed")
        missing = [name for name in signed if name not in lowered]
        if missing:
            raise auth_error(f"signed header {missing[0]} is missing")

        secret, method_name = self._secret_for(access, lowered)
        if method_name == "temporary-aksk" and "x-security-token" not in signed:
            raise auth_error("the X-Security-Token header must be signed")
        sdk_date = lowered["x-sdk-date"].strip()
        try:
            signed_at = datetime.datetime.strptime(sdk_date, DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            raise auth_error("X-Sdk-Date is not in the format yyyyMMddTHHmmssZ") from None
        if abs(time.time() - signed_at.timestamp()) > self.max_skew:
            raise auth_error("the request has expired: X-Sdk-Date is too far from the server's time")

        expected = hmac.new(secret.encode("utf-8"),
                            string_to_sign(method, path, raw_query, headers, signed, body, sdk_date).encode("utf-8"),
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.lower()):
            raise auth_error("verify aksk signature fail")
        return Principal(method_name, self.account.project_id)

    def _secret_for(self, access: str, lowered: Dict[str, str]) -> Tuple[str, str]:
        if access == self.account.access_key:
            return self.account.secret_key, "aksk"
        with self._lock:
            credential = self._temporary.get(access)
        if credential is None:
            raise auth_error("the access key does not exist")
        if credential.expires_at < time.time():
            raise auth_error("the temporary access key has expired")
        if "x-security-token" not in lowered:
            raise auth_error("a temporary access key needs the X-Security-Token header")
        if not hmac.compare_digest(lowered["x-security-token"].strip(), credential.security_token):
            raise auth_error("the security token does not match the temporary access key")
        return credential.secret, "temporary-aksk"
