# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The frame of *_info modules: the module with auth options, a client, and failures reported as resource
modules report them."""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, MissingReference
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import new_client


def run_info(options, gather, empty=None, **module_kwargs):
    """Build the module and call gather(module, client), which returns the result's keys. `empty` is the result
    when the parent the options name (a gateway, a VPN server) does not exist: nothing is under it."""
    argument_spec = dict(options)
    argument_spec.update(auth_spec())
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **module_kwargs)
    client = new_client(module)
    try:
        result = gather(module, client)
    except MissingReference as error:
        if empty is None:
            module.fail_json(msg=str(error), error=error.to_result())
        result = dict(empty, msg="Nothing found: %s" % error)
    except HwcError as error:
        module.fail_json(msg=str(error), error=error.to_result())
    module.exit_json(changed=False, **result)


def select(items, module, name_key="name"):
    """Items matching the id and name options, when set."""
    wanted_id, wanted_name = module.params.get("id"), module.params.get("name")
    return [item for item in items if (wanted_id is None or item.get("id") == wanted_id)
            and (wanted_name is None or item.get(name_key) == wanted_name)]
