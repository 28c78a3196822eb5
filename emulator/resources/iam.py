"""The IAM calls the collection makes: password tokens, project lookup, temporary credentials."""

from __future__ import annotations

import datetime
import hmac

from ..errors import ApiError
from ..routing import Context, Reply, Routes
from ..schemas import iam as schemas

routes = Routes(error_shape="keystone")


def _iso(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def _project(ctx: Context) -> dict:
    account = ctx.config.account
    return {"id": account.project_id, "name": account.region, "domain_id": account.domain_id,
            "parent_id": account.domain_id, "is_domain": False, "enabled": True, "description": "",
            "links": {"self": f"/v3/projects/{account.project_id}"}}


@routes.post("/v3/auth/tokens", schema=schemas.TOKEN, write=False, authenticated=False)
def create_token(ctx: Context) -> Reply:
    account = ctx.config.account
    auth = ctx.body["auth"]
    user = auth["identity"]["password"]["user"]
    domain = user["domain"]
    domain_ok = domain.get("name") == account.domain_name or domain.get("id") == account.domain_id
    password_ok = hmac.compare_digest(str(user.get("password", "")), account.user_password)
    if not (domain_ok and user.get("name") == account.user_name and password_ok):
        raise ApiError(401, "Unauthorized", "The username or password is wrong.")
    scope = auth.get("scope", {})
    project = scope.get("project")
    if project is not None and project.get("name", account.region) != account.region \
            and project.get("id") != account.project_id:
        raise ApiError(401, "Unauthorized", f"No project {project} in this account.")
    token, expires = ctx.auth.issue_token()
    body = {"token": {
        "methods": ["password"], "expires_at": _iso(expires), "issued_at": _iso(expires - 24 * 3600),
        "user": {"id": account.user_id, "name": account.user_name,
                 "domain": {"id": account.domain_id, "name": account.domain_name}},
        "catalog": [],
    }}
    if project is not None:
        body["token"]["project"] = {"id": account.project_id, "name": account.region,
                                    "domain": {"id": account.domain_id, "name": account.domain_name}}
    return Reply(201, body, {"X-Subject-Token": token})


@routes.get("/v3/projects")
def list_projects(ctx: Context) -> Reply:
    name = ctx.query.get("name")
    project = _project(ctx)
    projects = [project] if name in (None, project["name"]) else []
    return Reply(200, {"projects": projects, "links": {"self": "/v3/projects", "next": None, "previous": None}})


@routes.post("/v3.0/OS-CREDENTIAL/securitytokens", schema=schemas.SECURITY_TOKEN)
def create_security_token(ctx: Context) -> Reply:
    duration = ctx.body["auth"]["identity"].get("token", {}).get("duration_seconds", 900)
    credential = ctx.auth.issue_temporary_credential(duration)
    return Reply(201, {"credential": {"access": credential.access, "secret": credential.secret,
                                      "securitytoken": credential.security_token,
                                      "expires_at": _iso(credential.expires_at)}})
