# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The frame of *_info modules: the module with auth options, a client, and failures reported as resource
modules report them; and what several of them read alike (the resource the id option names or the list, a VPN
server's users or access policies)."""

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils import api, p2c, pagination, validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, MissingReference, WaitError
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import new_client
from ansible_collections.hwcloud.vpn.plugins.module_utils.waiter import Poller


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
        if empty is None or module.params.get("wait_for_status"):  # waiting for what cannot exist fails
            module.fail_json(msg=str(error), error=error.to_result())
        result = dict(empty, msg="Nothing found: %s" % error)
    except HwcError as error:
        module.fail_json(msg=str(error), error=error.to_result())
    module.exit_json(changed=False, **result)


def by_id_or_list(client, module, collection, key, read_list):
    """The resources an info module starts from: the one its id option names ([] when it does not exist), else
    what read_list() reads of the collection."""
    if module.params["id"]:
        found = api.get_or_none(client, "%s/%s" % (collection, path_quote(module.params["id"])), key)
        return [found] if found else []
    return list(read_list())


def select(items, module, name_key="name"):
    """Items matching the id and name options, when set."""
    wanted_id, wanted_name = module.params.get("id"), module.params.get("name")
    return [item for item in items if (wanted_id is None or item.get("id") == wanted_id)
            and (wanted_name is None or item.get(name_key) == wanted_name)]


def tagged(item, wanted):
    """Whether an API resource carries every wanted tag (a None value: the key with any value)."""
    present = dict((tag.get("key"), tag.get("value", "")) for tag in item.get("tags") or [])
    return all(key in present and (value is None or present[key] == str(value)) for key, value in wanted.items())


def wait_for_each(items, fetch, lifecycle, wanted, timeout, kind):
    """Poll fetch(item) (the item as it now is, or None when it is gone) for every item until each has the status
    `wanted`; return them as last read. Fails at once when one goes to a failure status of `lifecycle` or is
    gone, and after `timeout` seconds naming each item (name, id) that is not there yet with its last status."""
    latest = dict((item["id"], item) for item in items)
    gone = []

    def check():
        for item_id, item in list(latest.items()):
            if lifecycle.status(item) == wanted:
                continue
            now = fetch(item)
            if now is None:
                gone.append(item)
                return False
            latest[item_id] = now
        failed = [item for item in latest.values() if lifecycle.status(item) in lifecycle.failed]
        if failed:
            return False
        return True if all(lifecycle.status(item) == wanted for item in latest.values()) else None

    done = Poller(timeout).poll(check)
    if gone:
        raise WaitError("%s %s (id %s) was deleted while waiting for it to become %s." % (
            kind, gone[0].get("name"), gone[0]["id"], wanted))
    if not done:
        late = [item for item in latest.values() if lifecycle.status(item) != wanted]
        failed = [item for item in late if lifecycle.status(item) in lifecycle.failed]
        lead = ("%d %s(s) went to a failure status instead of %s" % (len(failed), kind, wanted) if failed else
                "Timed out after %s seconds waiting for %d %s(s) to become %s" % (timeout, len(late), kind, wanted))
        raise WaitError("%s: %s." % (lead, "; ".join(
            "%s (id %s) is %s" % (item.get("name"), item["id"], lifecycle.status(item)) for item in late)))
    return [latest[item["id"]] for item in items]


def server_items(collection):
    """The gather() of p2c_user_info and access_policy_info: the users or access_policies of the VPN server the
    options name, selected by id, name and user_group."""
    def gather(module, client):
        params = module.params
        p2c.check_server_options(params)
        validation.uuids(params, "id")
        server = p2c.resolve_server(client, params)
        path = "%s/%s/%s" % (api.VPN_SERVERS, path_quote(server["id"]), collection.replace("_", "-"))
        group = params["user_group"]
        items = pagination.iterate(client, path, collection, pagination.MARKER)
        return {collection: select([item for item in items if group in (None, item.get("user_group_name"))], module)}
    return gather


def run_server_items(collection):
    """The main() of p2c_user_info and access_policy_info."""
    options = dict(id=dict(type="str"), name=dict(type="str"), user_group=dict(type="str"))
    options.update(p2c.server_options())
    run_info(options, server_items(collection), empty={collection: []}, required_one_of=[p2c.SERVER_OPTIONS],
             mutually_exclusive=[p2c.SERVER_OPTIONS])
