# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Errors: one type for what the API answered, and the failures of waiting and validation."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, quote_plus

# A code of the service ("VPN.0030", "APIGW.0308", "IAM.0001"), as Keystone-shaped bodies carry it in "title".
ERROR_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*\.[0-9]{3,5}")
# Masking leaves "********" where a secret was; a cut prefix of a secret is masked from this length on.
MASK = "********"
MIN_CUT_PREFIX = 8
# How much of an answer that is not JSON a message quotes.
MAX_QUOTED = 300


def secret_forms(secret):
    """The ways a secret can appear in text an API or an intermediary sends back: as is, JSON-escaped up to
    three times (a body quoted inside a JSON message, quoted again; with and without ASCII escapes), URL-encoded (path and form
    style) and base64 (standard and URL-safe, with and without padding)."""
    forms = {secret}
    for unused_depth in range(3):
        forms |= set(json.dumps(form, ensure_ascii=ascii)[1:-1] for form in forms for ascii in (True, False))
    forms |= {quote(secret, safe=""), quote_plus(secret, safe="")}
    raw = secret.encode("utf-8")
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        forms.add(encoded.decode("ascii"))
        forms.add(encoded.decode("ascii").rstrip("="))
    return forms


def mask(text, secrets):
    """`text` with every form of every secret replaced, including a prefix of a form cut at 8 or more characters
    (what a truncated echo leaves). Secrets shorter than 4 characters are not masked: that would garble every
    message, and no credential, PSK or password the API accepts is that short."""
    if not text or not secrets:
        return text
    for secret in sorted(set(s for s in secrets if isinstance(s, str) and len(s) >= 4), key=len, reverse=True):
        for form in sorted(secret_forms(secret), key=len, reverse=True):
            text = text.replace(form, MASK)
            if len(form) > MIN_CUT_PREFIX:
                text = _mask_prefixes(text, form)
    return text


def _mask_prefixes(text, form):
    start = text.find(form[:MIN_CUT_PREFIX])
    while start >= 0:
        length = MIN_CUT_PREFIX
        while length < len(form) and start + length < len(text) and text[start + length] == form[length]:
            length += 1
        text = text[:start] + MASK + text[start + length:]
        start = text.find(form[:MIN_CUT_PREFIX], start + len(MASK))
    return text


class HwcError(Exception):
    """Base of every error the collection raises on purpose; modules turn it into fail_json."""

    def to_result(self):
        return {"message": str(self)}


class ApiError(HwcError):
    """A failed API call: HTTP status (None when no answer came), the service's error code and message, and
    the request id, with the method and path that failed and how many attempts were made."""

    def __init__(self, status=None, error_code=None, error_msg=None, request_id=None, method=None, path=None,
                 attempts=1):
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.method = method
        self.path = path
        self.attempts = attempts
        # A write that failed without a clear answer may still have been carried out.
        self.uncertain = False
        # Retries ran out on an error that trying again could have fixed (throttling, 5xx, no answer): the number
        # of retries allowed, to say what to try next.
        self.retries_exhausted = None
        # Why the look-up that should have settled an uncertain write failed.
        self.recovery_error = None
        super().__init__(self.describe())

    def mask(self, secrets):
        """Remove every form of these secrets from what the error says (an answer may echo the request)."""
        self.error_msg = mask(self.error_msg, secrets)
        self.args = (self.describe(),)
        return self

    def describe(self):
        if self.status is None:
            text = "no answer from the API (%s)" % (self.error_msg or "connection failed")
        else:
            text = "HTTP %s" % self.status
            if self.error_code:
                text += " %s" % self.error_code
            if self.error_msg:
                text += ": %s" % self.error_msg
        details = []
        if self.request_id:
            details.append("request id %s" % self.request_id)
        if self.method and self.path:
            details.append("%s %s" % (self.method, self.path))
        if self.attempts > 1 and self.retries_exhausted is None:
            details.append("after %d attempts" % self.attempts)
        text += " (%s)" % "; ".join(details) if details else ""
        if self.uncertain:
            text += "; the request may have taken effect, so look the resource up before trying again"
            if self.recovery_error is not None:
                text += " (looking it up failed too: %s)" % self.recovery_error
        if self.retries_exhausted is not None:
            text += ("; gave up after %d attempts (retries=%d): the API is throttling or failing, so run the task "
                     "again later, raise the retries (or timeout) option, or check the Huawei Cloud service status"
                     % (self.attempts, self.retries_exhausted))
        return text

    def to_result(self):
        return {"status": self.status, "error_code": self.error_code, "error_msg": self.error_msg,
                "request_id": self.request_id, "method": self.method, "path": self.path,
                "attempts": self.attempts, "uncertain": self.uncertain,
                "retries_exhausted": self.retries_exhausted is not None}

    @classmethod
    def from_response(cls, status, headers, content, method=None, path=None):
        """Read the error from any of the body shapes the API uses:
        {"error_code", "error_msg"}, {"code", "message"}, and both nested under "error" (IAM's Keystone form).
        The request id comes from the X-Request-Id header or the body's request_id."""
        code = message = None
        body_request_id = None
        try:
            body = json.loads(content.decode("utf-8") if isinstance(content, bytes) else content)
        except (ValueError, UnicodeDecodeError, AttributeError):
            body = None
        if isinstance(body, dict):
            body_request_id = body.get("request_id")
            inner = body.get("error") if isinstance(body.get("error"), dict) else body
            code, message = _code_and_message(inner, status)
            body_request_id = body_request_id or inner.get("request_id")
        elif content:
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
            message = text.strip()[:MAX_QUOTED] or None
        lowered = dict((k.lower(), v) for k, v in (headers or {}).items())
        request_id = lowered.get("x-request-id") or body_request_id
        return cls(status=status, error_code=code, error_msg=message, request_id=request_id, method=method,
                   path=path)


def _code_and_message(error, status):
    """The service's code and message from an error object. Keystone-shaped errors ({"code": 400, "title":
    "VPN.0030", "message": ...}) carry the code in "title" and repeat the HTTP status in "code": the title is
    read first when it is a code, and a number that only repeats the status is no code at all."""
    title = error.get("title")
    candidates = [error.get("error_code"), title if isinstance(title, str) and ERROR_CODE.fullmatch(title) else None,
                  error.get("code")]
    code = next((c for c in candidates if c not in (None, "")), None)
    if code is not None and str(code) == str(status):
        code = None
    message = error.get("error_msg") or error.get("message")
    if message is not None and not isinstance(message, str):
        message = json.dumps(message)
    if code is None and isinstance(title, str) and title and not ERROR_CODE.fullmatch(title):
        message = "%s: %s" % (title, message) if message else title
    return (str(code) if code is not None else None), message


class WaitError(HwcError):
    """A resource did not reach the wanted state: it failed, or the wait timed out."""

    def __init__(self, message, resource=None):
        super().__init__(message)
        self.resource = resource

    def to_result(self):
        result = {"message": str(self)}
        if self.resource is not None:
            result["resource"] = self.resource
        return result


class ValidationError(HwcError):
    """Input the API would refuse, found before any call: names the option and the rule."""

    def __init__(self, option, message):
        self.option = option
        self.rule = message
        super().__init__("%s: %s" % (option, message))

    def within(self, parent):
        """The same error about an element of a list option: `connections[0].psk`, not `psk`."""
        return ValidationError("%s.%s" % (parent, self.option), self.rule)

    def to_result(self):
        return {"option": self.option, "message": str(self)}


class MissingReference(ValidationError):
    """The resource an option refers to (a parent: a connection's gateway, a user's VPN server) does not exist.
    Nothing can be under it: state absent is then done (Task.run), and an info module's list is empty."""
