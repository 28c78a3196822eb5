# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument specs of the options every module shares; documented once in the doc fragments of the same
names (hwcloud.vpn.auth, hwcloud.vpn.wait, hwcloud.vpn.tags)."""

from ansible.module_utils.basic import env_fallback


def _env(*names):
    return (env_fallback, list(names))


def auth_spec():
    return dict(
        access_key=dict(type="str", aliases=["ak"], no_log=False,
                        fallback=_env("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY")),
        secret_key=dict(type="str", aliases=["sk"], no_log=True,
                        fallback=_env("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY")),
        security_token=dict(type="str", no_log=True,
                            fallback=_env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN")),
        auth_token=dict(type="str", no_log=True, fallback=_env("HW_AUTH_TOKEN")),
        user_name=dict(type="str", fallback=_env("HW_USER_NAME")),
        user_password=dict(type="str", no_log=True, fallback=_env("HW_USER_PASSWORD")),
        domain_name=dict(type="str", fallback=_env("HW_DOMAIN_NAME")),
        project_id=dict(type="str", fallback=_env("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID")),
        region=dict(type="str", fallback=_env("HW_REGION_NAME")),
        endpoint=dict(type="str", fallback=_env("HUAWEICLOUD_VPN_ENDPOINT")),
        iam_endpoint=dict(type="str", fallback=_env("HUAWEICLOUD_IAM_ENDPOINT")),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="int", default=30),
        retries=dict(type="int", default=5),
    )


def wait_spec():
    return dict(wait=dict(type="bool", default=True), wait_timeout=dict(type="int", default=600))


def tags_spec():
    return dict(tags=dict(type="dict"), purge_tags=dict(type="bool", default=True))
