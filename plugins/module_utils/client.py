# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The API client: authentication, endpoints, project resolution, and one HTTP layer with retries."""

from __future__ import annotations

import email.utils
import json
import random
import time
import uuid
from urllib.parse import quote

from ansible_collections.hwcloud.vpn.plugins.module_utils import signer, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import MAX_QUOTED, ApiError, HwcError, mask
from ansible_collections.hwcloud.vpn.plugins.module_utils.transport import Transport, TransportError

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "hwcloud.vpn-ansible/%s" % COLLECTION_VERSION

# Answers that mean the request was refused before the service acted on it: always safe to send again.
REFUSED_STATUSES = (429,)
# VPN.0031 "Repeated operation": the same operation is already under way, so this one was not carried out.
REFUSED_CODES = ("VPN.0030", "VPN.0031", "VPN.0506", "VPN.0507", "VPN.1113", "VPN.1114", "APIGW.0308")
# Answers after which the request may or may not have been carried out.
AMBIGUOUS_STATUSES = (500, 502, 503, 504)
IDEMPOTENT_METHODS = ("GET", "HEAD", "PUT", "DELETE")


def path_quote(value):
    """An id as a path segment."""
    return quote(str(value), safe="")


class Response:
    """A successful answer: `body` is always a JSON object ({} for an empty answer)."""

    def __init__(self, status, body, headers, method=None, path=None):
        self.status = status
        self.body = body if body is not None else {}
        self.headers = headers
        self.method = method
        self.path = path
        self.request_id = headers.get("X-Request-Id") or (self.body.get("request_id")
                                                          if isinstance(self.body, dict) else None)

    def require(self, key, kind=dict):
        """body[key], failing with an ApiError that says what the answer lacks when it is missing or is not a
        `kind` (a JSON object by default; `list` for lists)."""
        return require(self.body, key, kind, self.method, self.path, self.status, self.request_id)


_KIND_NAMES = {dict: "a JSON object", list: "a list", str: "a string"}


def require(body, key, kind=dict, method=None, path=None, status=None, request_id=None):
    """body[key] when the answer has it, as a `kind`; else an ApiError naming the call and the missing key."""
    value = body.get(key) if isinstance(body, dict) else None
    if isinstance(value, kind):
        return value
    found = "it has no %r" % key if value is None else "its %r is %s" % (key, type(value).__name__)
    raise ApiError(status=status, error_msg="the answer is not what the API documents: %s, expected %s"
                   % (found, _KIND_NAMES.get(kind, kind.__name__)), request_id=request_id, method=method, path=path)


class RetryPolicy:
    """Capped exponential backoff with full jitter; Retry-After is honoured."""

    def __init__(self, retries=5, base_delay=0.5, max_delay=20.0, max_retry_after=60.0):
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after

    def delay(self, attempt, retry_after=None):
        backoff = min(self.max_delay, self.base_delay * (2 ** attempt))
        delay = random.uniform(backoff / 2.0, backoff)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after))
        return delay


def _retry_after_seconds(value):
    """Seconds from a Retry-After header (a number or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


def _refused(error):
    if error.status in REFUSED_STATUSES or error.error_code in REFUSED_CODES:
        return True
    # "resource (...) is not ready, currently CREATING": the service refused to act ("Updating a VPN Gateway", example c).
    return error.status in (400, 409) and "is not ready" in (error.error_msg or "")


def _set(params, name):
    """An option's value, with an empty string meaning unset: an empty environment variable (as AWX injects
    for a credential field left blank) must not hide the next source of the setting."""
    value = params.get(name)
    return None if value == "" else value


class Credentials:
    """Which of the three authentication forms applies, from the module's options.

    Order: an AK/SK pair (with a security token for temporary credentials), else an IAM token,
    else an IAM user name, password and account (domain) name to obtain a token with.
    """

    def __init__(self, params):
        self.access_key = _set(params, "access_key")
        self.secret_key = _set(params, "secret_key")
        self.security_token = _set(params, "security_token")
        self.auth_token = _set(params, "auth_token")
        self.user_name = _set(params, "user_name")
        self.user_password = _set(params, "user_password")
        self.domain_name = _set(params, "domain_name")
        if self.access_key and self.secret_key:
            self.kind = "aksk"
        elif self.auth_token:
            self.kind = "token"
        elif self.user_name and self.user_password and self.domain_name:
            self.kind = "password"
        else:
            raise HwcError(
                "No credentials: set access_key and secret_key (or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, "
                "HW_ACCESS_KEY/HW_SECRET_KEY), or auth_token, or user_name, user_password and domain_name.")
        if (self.access_key is None) != (self.secret_key is None):
            raise HwcError("access_key and secret_key must be given together.")

    def secrets(self):
        return [s for s in (self.secret_key, self.security_token, self.auth_token, self.user_password) if s]


class Client:
    """One module run's connection to the VPN service and IAM."""

    def __init__(self, params, transport=None, sleep=time.sleep, retry_policy=None, secrets=()):
        """`secrets`: values no error may show in any form (the module's no_log values); the credentials are
        always among them."""
        validation.shared_options(dict((name, _set(params, name)) for name in params))
        self.credentials = Credentials(params)
        self.secrets = set(secrets) | set(self.credentials.secrets())
        self.region = _set(params, "region")
        endpoint = _set(params, "endpoint")
        if not endpoint and not self.region:
            raise HwcError("Set region (or HW_REGION_NAME), or endpoint, to say where the VPN service is.")
        self.endpoint = (endpoint or "https://vpn.%s.myhuaweicloud.com" % self.region).rstrip("/")
        self.iam_endpoint = (_set(params, "iam_endpoint") or endpoint or
                             "https://iam.%s.myhuaweicloud.com" % self.region).rstrip("/")
        self.retry_policy = retry_policy or RetryPolicy(retries=params.get("retries", 5))
        timeout = params.get("timeout")
        self.transport = transport or Transport(timeout=30 if timeout is None else timeout,
                                                verify=params.get("validate_certs", True))
        self.sleep = sleep
        self._project_id = _set(params, "project_id")
        self._token = self.credentials.auth_token
        self.request_count = 0
        self.retry_count = 0

    # -- identity ------------------------------------------------------------------------------------

    @property
    def project_id(self):
        if self._project_id is None:
            if self.credentials.kind == "password":
                self._obtain_token()
            if self._project_id is None:
                self._project_id = self._resolve_project_id()
        return self._project_id

    def _resolve_project_id(self):
        if not self.region:
            raise HwcError("project_id is not set and cannot be looked up without region.")
        response = self.request("GET", "/v3/projects", query={"name": self.region}, service="iam")
        projects = response.require("projects", list)
        if not projects:
            raise HwcError("region %r: IAM finds no project of that name for these credentials; check the region "
                           "(a region id such as cn-north-4) or set project_id." % self.region)
        if len(projects) != 1:
            raise HwcError("IAM returned %d projects named %s; set project_id." % (len(projects), self.region))
        return require(projects[0], "id", str, response.method, response.path, response.status, response.request_id)

    def _obtain_token(self):
        if not (self._project_id or self.region):
            raise HwcError("An IAM token is scoped to a project: set project_id or region.")
        scope = {"project": {"id": self._project_id}} if self._project_id else {"project": {"name": self.region}}
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": self.credentials.user_name, "password": self.credentials.user_password,
            "domain": {"name": self.credentials.domain_name}}}}, "scope": scope}}
        response = self._send("POST", "iam", "/v3/auth/tokens", [], body, authenticate=False,
                              idempotent=True)
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise HwcError("IAM answered POST /v3/auth/tokens without an X-Subject-Token header.")
        validation.header_value("the X-Subject-Token header IAM answered", token)
        self._token = token
        self.secrets.add(token)
        project = response.require("token").get("project")
        if self._project_id is None and isinstance(project, dict) and isinstance(project.get("id"), str):
            self._project_id = project["id"]

    # -- requests ------------------------------------------------------------------------------------

    def request(self, method, path, query=None, body=None, service="vpn", idempotent=None, client_token=False,
                recover=None):
        """Call the API and return a Response, raising ApiError for an error answer.

        `path` may hold {project_id}. A request is retried on refusals (429, VPN.0030, "being created") and,
        when it is safe, on 5xx and lost connections: GET/PUT/DELETE, requests with an X-Client-Token, and
        those marked idempotent. For other writes `recover` is asked first whether the write took effect:
        it returns the body the write would have answered (the write is not repeated) or None.
        """
        if "{project_id}" in path:
            path = path.replace("{project_id}", path_quote(self.project_id))
        headers = {"X-Client-Token": str(uuid.uuid4())} if client_token else {}
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS or client_token
        return self._send(method, service, path, self._query_pairs(query), body, headers=headers,
                          idempotent=idempotent, recover=recover)

    def get(self, path, query=None, service="vpn"):
        return self.request("GET", path, query=query, service=service).body

    def read(self, path, key, kind=dict, query=None):
        """GET path and return the answer's `key` (a `kind`): an answer without it is an error, never empty."""
        return self.request("GET", path, query=query).require(key, kind)

    @staticmethod
    def _query_pairs(query):
        pairs = []
        for key, value in (query or {}).items():
            if value is None:
                continue
            for item in (value if isinstance(value, (list, tuple)) else [value]):
                pairs.append((key, str(item).lower() if isinstance(item, bool) else str(item)))
        return pairs

    def _authorize(self, method, url, headers, body_bytes, service):
        credentials = self.credentials
        if credentials.kind == "aksk":
            if credentials.security_token:
                headers["X-Security-Token"] = credentials.security_token
            if service == "vpn" and self._project_id:
                headers["X-Project-Id"] = self._project_id
            return signer.sign(method, url, headers, body_bytes, credentials.access_key, credentials.secret_key)
        if self._token is None:
            self._obtain_token()
        headers["X-Auth-Token"] = self._token
        return headers

    def _send(self, method, service, path, pairs, body, headers=None, authenticate=True, idempotent=False,
              recover=None):
        query = signer.canonical_query(pairs)
        base = self.iam_endpoint if service == "iam" else self.endpoint
        url = base + path + ("?" + query if query else "")
        body_bytes = json.dumps(body).encode("utf-8") if body is not None else b""
        attempt = 0
        while True:
            attempt += 1
            request_headers = {"Content-Type": "application/json;charset=UTF-8", "User-Agent": USER_AGENT}
            request_headers.update(headers or {})
            if authenticate:
                request_headers = self._authorize(method, url, request_headers, body_bytes, service)
            retry_after, reached, fatal = None, True, False
            try:
                self.request_count += 1
                raw = self.transport.send(method, url, body_bytes, request_headers)
            except TransportError as exc:
                reached, fatal = exc.reached, not exc.retryable
                error = ApiError(error_msg=str(exc), method=method, path=path)
                ambiguous = reached
            else:
                body, error = _answer(raw, method, path)
                if error is None:
                    return Response(raw.status, body, raw.headers, method, path)
                retry_after = _retry_after_seconds(raw.headers.get("Retry-After"))
                ambiguous = raw.status in AMBIGUOUS_STATUSES or 200 <= raw.status < 300
                fatal = 300 <= raw.status < 400
            error.attempts = attempt
            error.mask(self.secrets)
            if ambiguous and not idempotent and not fatal:
                found = self._recover(recover, error)
                if found is not None:
                    return Response(200, found, {}, method, path)
                retryable = recover is not None
                error.uncertain = recover is None
            else:
                retryable = ambiguous or not reached or _refused(error)
            if retryable and not fatal and attempt > self.retry_policy.retries:
                error.retries_exhausted = self.retry_policy.retries
            error.args = (error.describe(),)
            if fatal or not retryable or attempt > self.retry_policy.retries:
                raise error
            self.retry_count += 1
            self.sleep(self.retry_policy.delay(attempt - 1, retry_after))

    def _recover(self, recover, error):
        """What `recover` finds after a write without a clear answer; when the look-up fails too, the write's
        error, marked uncertain, says so (the write may have taken effect)."""
        if recover is None:
            return None
        try:
            return recover()
        except HwcError as failure:
            error.uncertain = True
            error.recovery_error = mask(str(failure), self.secrets)
            error.args = (error.describe(),)
            raise error from None


def _answer(raw, method, path):
    """(body, None) for a successful answer whose body is a JSON object (or empty); else (None, ApiError).
    A redirect is an error (the endpoint is wrong, and a signed request must not follow it); a 2xx answer the
    client cannot read is an error too, never an empty result."""
    if raw.status >= 400:
        return None, ApiError.from_response(raw.status, raw.headers, raw.content, method, path)
    if 300 <= raw.status < 400:
        return None, ApiError(status=raw.status, error_msg="the API answered with a redirect to %s: check the endpoint "
                              "options" % (raw.headers.get("Location") or "nowhere"),
                              request_id=raw.headers.get("X-Request-Id"), method=method, path=path)
    if not raw.content or not raw.content.strip():
        return {}, None
    try:
        body = json.loads(raw.content.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict):
        return body, None
    text = raw.content.decode("utf-8", "replace").strip()
    shape = "not JSON" if body is None else "a JSON %s, not an object" % type(body).__name__
    return None, ApiError(status=raw.status, error_msg="the answer is %s (Content-Type %s): %s" % (
        shape, raw.headers.get("Content-Type") or "none", text[:MAX_QUOTED]),
        request_id=raw.headers.get("X-Request-Id"), method=method, path=path)
