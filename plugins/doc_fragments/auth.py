# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - Access key (AK) of an AK/SK pair, used to sign requests with C(SDK-HMAC-SHA256).
      - Taken from E(HUAWEICLOUD_SDK_AK), then E(HW_ACCESS_KEY), when not set.
      - An AK/SK pair takes precedence over O(auth_token), which takes precedence over O(user_name).
    type: str
    aliases: [ak]
  secret_key:
    description:
      - Secret key (SK) of the AK/SK pair. Never logged or returned.
      - Taken from E(HUAWEICLOUD_SDK_SK), then E(HW_SECRET_KEY), when not set.
    type: str
    aliases: [sk]
  security_token:
    description:
      - Security token of temporary AK/SK credentials (from IAM or an agency); sent signed as C(X-Security-Token).
      - Taken from E(HUAWEICLOUD_SDK_SECURITY_TOKEN), then E(HW_SECURITY_TOKEN), when not set.
    type: str
  auth_token:
    description:
      - An IAM token scoped to the project, sent as C(X-Auth-Token), used when no AK/SK pair is set.
      - Taken from E(HW_AUTH_TOKEN) when not set.
    type: str
  user_name:
    description:
      - IAM user name; with O(user_password) and O(domain_name) the module obtains a project-scoped token from
        IAM (C(POST /v3/auth/tokens)) once per task.
      - Taken from E(HW_USER_NAME) when not set.
    type: str
  user_password:
    description:
      - Password of O(user_name). Never logged or returned.
      - Taken from E(HW_USER_PASSWORD) when not set.
    type: str
  domain_name:
    description:
      - Name of the account (domain) O(user_name) belongs to.
      - Taken from E(HW_DOMAIN_NAME) when not set.
    type: str
  project_id:
    description:
      - Project ID of the region. When not set it is looked up from O(region) with IAM (C(GET /v3/projects)).
      - Taken from E(HUAWEICLOUD_SDK_PROJECT_ID), then E(HW_PROJECT_ID), when not set.
    type: str
  region:
    description:
      - Region, for example C(cn-north-4). Selects the default endpoints and the project.
      - Taken from E(HW_REGION_NAME) when not set.
    type: str
  endpoint:
    description:
      - Base URL of the VPN API, for example C(http://127.0.0.1:8080) for the bundled emulator.
        IAM calls go to the same URL unless O(iam_endpoint) is set.
      - Defaults to C(https://vpn.<region>.myhuaweicloud.com).
      - Taken from E(HUAWEICLOUD_VPN_ENDPOINT) when not set.
    type: str
  iam_endpoint:
    description:
      - Base URL of IAM. Defaults to O(endpoint) when that is set, else C(https://iam.<region>.myhuaweicloud.com).
      - Taken from E(HUAWEICLOUD_IAM_ENDPOINT) when not set.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the endpoints.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is sent again after a throttling answer (429), a busy service (C(VPN.0030)),
        a resource being created or updated, a server error (5xx) or a lost connection, with exponential backoff
        and jitter. Writes are repeated only where that cannot create a duplicate.
    type: int
    default: 5
requirements:
  - python >= 3.9
notes:
  - Set the credentials once for every module of the collection with
    C(module_defaults) and the action group C(group/hwcloud.vpn.vpn).
"""

    WAIT = r"""
options:
  wait:
    description:
      - Whether to wait until the resource has reached its target status after a create, update or delete
        (a deletion is complete when the API answers 404). Polls with a delay that grows with the time waited.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true).
    type: int
    default: 600
"""

    TAGS = r"""
options:
  tags:
    description:
      - Tags as a dictionary of keys and values. At most 20; keys of 1 to 128 and values of 0 to 255 letters,
        digits, spaces and the characters C(_), C(.), C(:), C(=), C(+), C(-) and C(@).
      - When not set, the resource's tags are left alone.
      - Changes go through the tag API, adding and removing only the difference.
    type: dict
  purge_tags:
    description:
      - Whether to remove tags that are not in O(tags). Has no effect when O(tags) is not set.
    type: bool
    default: true
"""

    SERVER = r"""
options:
  vpn_server_id:
    description:
      - ID of the VPN server. Set this, O(p2c_vgw_id) or O(p2c_vgw_name).
    type: str
  p2c_vgw_id:
    description:
      - ID of the P2C VPN gateway of the VPN server (a gateway has one server). Set this, O(vpn_server_id) or
        O(p2c_vgw_name).
    type: str
  p2c_vgw_name:
    description:
      - Name of the P2C VPN gateway of the VPN server, instead of O(p2c_vgw_id) or O(vpn_server_id). The name must
        belong to exactly one gateway.
      - A module that manages a resource, in check mode, takes a gateway of this name that does not exist, or a
        gateway without a VPN server, as planned by an earlier task of the same run (for example a
        M(hwcloud.vpn.p2c_gateway) task that only reported a planned create), so the task reports what it would
        create, and the result's C(planned_parent) says which parent it assumed. Outside check mode, and for the
        info modules, it is an error.
    type: str
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: In check mode the module sends no write request and returns the resource as it would be.
  diff_mode:
    support: full
    description: Returns C(before) and C(after) views of the managed fields; write-only secrets are never shown.
"""

    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: The module only reads, so it runs normally in check mode.
  diff_mode:
    support: N/A
    description: The module changes nothing.
"""
