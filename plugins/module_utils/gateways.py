# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the S2C VPN gateway (vpn_gateway) and the P2C VPN gateway (p2c_gateway) check alike: enterprise project,
availability zones, an EIP given as an existing one or as a new one's settings, and an EIP that cannot be
replaced while one is bound (the API's VPN.0512)."""

from typing import Any, Dict, Iterable, List, Optional

from ansible_collections.hwcloud.vpn.plugins.module_utils import validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import Change
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError


def check_enterprise_project(value: Optional[str]) -> None:
    """"0" (the default project) or a project's UUID."""
    if value not in (None, "0"):
        validation.uuid("enterprise_project_id", value)


def check_availability_zones(zones: Optional[List[str]]) -> None:
    if zones is not None:
        validation.check(1 <= len(zones) <= 2, "availability_zone_ids", "give one or two AZs.")
        validation.check(len(set(zones)) == len(zones), "availability_zone_ids", "the AZs must differ.")


def given(eip: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The sub-options of an EIP option that the task sets."""
    return {key: value for key, value in (eip or {}).items() if value is not None}


def check_eip(option: str, settings: Dict[str, Any], bandwidth_limit: int, shared_bandwidth: bool) -> None:
    """An EIP option's set sub-options: either `id` (an existing EIP) or a new EIP's type and bandwidth (a size up
    to the flavor's limit, or with `shared_bandwidth` the id of a shared bandwidth)."""
    if "id" in settings:
        validation.uuid(option + ".id", settings["id"])
        others = sorted(key for key in settings if key != "id")
        validation.check(not others, option, "set either id (an existing EIP) or the new EIP's settings, not "
                                             "both (%s given with id)." % ", ".join(others))
        return
    validation.check("type" in settings, option + ".type", "is needed for a new EIP (or set %s.id)." % option)
    if shared_bandwidth and "bandwidth_id" in settings:
        validation.uuid(option + ".bandwidth_id", settings["bandwidth_id"])
    else:
        validation.check("bandwidth_size" in settings, option + ".bandwidth_size", "is needed for a new EIP%s." % (
            " without a shared bandwidth_id" if shared_bandwidth else ""))
        validation.integer_range(option + ".bandwidth_size", settings["bandwidth_size"], 1, bandwidth_limit)
    validation.name(option + ".bandwidth_name", settings.get("bandwidth_name"))


def refuse_rebinding(found_changes: Iterable[Change], resource: dict, eip_options: Iterable[str]) -> None:
    """A gateway's EIP can be set by id only where it has none (the API answers VPN.0512 otherwise)."""
    paths = {option + ".id": option for option in eip_options}
    for change in found_changes:
        if change.path in paths and (resource.get(paths[change.path]) or {}).get("id"):
            raise ValidationError(change.path, "the gateway already has EIP %s bound (the API answers VPN.0512); "
                                               "unbind it through the EIP service first." % change.before)


# The fate of a gateway's EIPs when it is deleted (option eips_on_delete).
EIPS_ON_DELETE = ["release", "keep"]


def refuse_releasing(resource: dict, eip_options: Iterable[str], kind: str) -> None:
    """eips_on_delete=keep: a gateway is deleted only once no EIP is bound to it, since deleting it would release
    the EIPs created with it and the VPN API cannot unbind them."""
    bound = [(option, resource.get(option) or {}) for option in eip_options if (resource.get(option) or {}).get("id")]
    if bound:
        raise ValidationError("eips_on_delete", "is keep, and %s %s still has %s bound; deleting it would release "
                                                "the EIPs created with it, and the VPN API cannot unbind an EIP. "
                                                "Unbind them through the EIP service, then run the task again." % (
                                                    kind, resource.get("id"), ", ".join(
                                                        "EIP %s (%s, %s)" % (eip["id"], eip.get("ip_address"), option)
                                                        for option, eip in bound)))
