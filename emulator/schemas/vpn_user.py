"""Bodies of 4.2.3: VPN users (one at a time and in batches), passwords, user groups and their members.

Passwords, descriptions and static IPs are checked by the handlers, which answer with the service's own
codes (VPN.1308-1318); the schemas only fix the shapes.
"""

from __future__ import annotations

from .common import UUID, envelope, obj

# 4 to 32 letters, digits, periods, underscores and hyphens.
USER_NAME = {"type": "string", "pattern": r"^[A-Za-z0-9._\-]{4,32}$"}
PASSWORD = {"type": "string"}
# "a string of 0 to 64 characters, which can contain letters, digits, and underscores (_)" (4.2.3.1, 4.2.3.2,
# 4.2.3.5): the tables' rule; 4.2.3.5's example ("UserDescription-update") is not held against it.
DESCRIPTION = {"type": "string", "pattern": r"^[A-Za-z0-9_]{0,64}$"}
STATIC_IP = {"type": "string", "maxLength": 15}
GROUP_NAME = {"type": "string", "pattern": r"^[A-Za-z0-9_\-]{1,64}$"}
# 4.2.3.13 lets an update name use the special characters of descriptions too.
GROUP_TEXT = {"type": "string", "pattern": r"""^[A-Za-z0-9`~!@#$%^&*()\-_=+\\|\[{}\];:'",<.>/?]{0,64}$"""}

CREATE_USER = envelope("user", obj({
    "name": USER_NAME, "password": PASSWORD, "description": DESCRIPTION, "user_group_id": UUID,
    "static_ip": STATIC_IP,
}, ["name", "password"]))

BATCH_CREATE = obj({"users": {"type": "array", "items": obj({
    "name": USER_NAME, "password": PASSWORD, "description": DESCRIPTION, "user_group_name": GROUP_NAME,
    "static_ip": STATIC_IP,
}, ["name", "password"])}}, ["users"])

UPDATE_USER = envelope("user", obj({"description": DESCRIPTION, "user_group_id": UUID, "static_ip": STATIC_IP}))

USER_IDS = obj({"users": {"type": "array", "items": obj({"id": UUID}, ["id"])}}, ["users"])

CHANGE_PASSWORD = obj({"old_password": PASSWORD, "new_password": PASSWORD}, ["old_password", "new_password"])
RESET_PASSWORD = obj({"new_password": PASSWORD}, ["new_password"])

CREATE_GROUP = envelope("user_group", obj({"name": GROUP_NAME, "description": GROUP_TEXT}, ["name"]))
UPDATE_GROUP = envelope("user_group", obj({"name": {**GROUP_TEXT, "minLength": 1}, "description": GROUP_TEXT}))
