# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Errors: one type for what the API answered, and the failures of waiting and validation."""

from __future__ import annotations

import json


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
        super(ApiError, self).__init__(self.describe())

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
            code = inner.get("error_code") or inner.get("code") or inner.get("title")
            message = inner.get("error_msg") or inner.get("message")
            if code is not None and not isinstance(code, str):
                code = str(code)
            body_request_id = body_request_id or inner.get("request_id")
        elif content:
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
            message = text.strip()[:300] or None
        lowered = dict((k.lower(), v) for k, v in (headers or {}).items())
        request_id = lowered.get("x-request-id") or body_request_id
        return cls(status=status, error_code=code, error_msg=message, request_id=request_id, method=method,
                   path=path)


class WaitError(HwcError):
    """A resource did not reach the wanted state: it failed, or the wait timed out."""

    def __init__(self, message, resource=None):
        super(WaitError, self).__init__(message)
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
        super(ValidationError, self).__init__("%s: %s" % (option, message))

    def to_result(self):
        return {"option": self.option, "message": str(self)}
