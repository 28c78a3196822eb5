# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every hwcloud.vpn module is built with: Ansible's own, with two defences of its argument
parsing.

- Secrets are known before the parsing runs. ansible-core collects the no_log values during validation and gives
  up on all of them when a list-of-dicts option holds an element that is not a dict; the failure it then reports
  carries the raw options in `invocation`, so `-vvv` showed every secret. Here the no_log values are collected
  from the raw options first, tolerating any shape.
- A boolean is not an integer: Ansible's `int` type lets `true` through as 1 (`bgp_asn: true`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.validation import check_type_dict


def _strings(value):
    """Every scalar of a value, as text (what no_log hides)."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, (str, bytes, int, float)):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        return {text} if text else set()
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return set().union(*[_strings(item) for item in value]) if value else set()
    return {str(value)}


_KINDS = {bool: "a boolean", int: "a number", float: "a number", list: "a list", str: "a string"}


def _kind(value):
    return _KINDS.get(type(value), "a value of type %s" % type(value).__name__)


def _has_secret(spec):
    return any(option.get("no_log") or _has_secret(option.get("options") or {}) for option in spec.values())


def _as_dict(item):
    """A list-of-dicts element as Ansible would read it (a "k=v" string is a dict), or None."""
    if isinstance(item, Mapping):
        return item
    if isinstance(item, str):
        try:
            return check_type_dict(item)
        except TypeError:
            return None
    return None


def secret_values(argument_spec, params):
    """The values of every no_log option and sub-option in raw, unvalidated options (aliases included). An
    element of a list-of-dicts option that is not a dict, where the element's options hold a secret, is taken
    as a secret whole: it is invalid anyway, and may be a secret put in the wrong place."""
    found = set()
    if not isinstance(params, Mapping):
        return found
    for name, option in argument_spec.items():
        for key in [name] + list(option.get("aliases") or []):
            value = params.get(key)
            if value is None:
                continue
            if option.get("no_log"):
                found |= _strings(value)
            sub_spec = option.get("options")
            if not sub_spec:
                continue
            for item in value if isinstance(value, list) else [value]:
                parsed = _as_dict(item)
                if parsed is not None:
                    found |= secret_values(sub_spec, parsed)
                elif _has_secret(sub_spec):
                    found |= _strings(item)
    return found


def shape_problems(argument_spec, params, prefix=""):
    """What ansible-core's parsing cannot read without a traceback or a leak, in raw options: a dict option or a
    list-of-dicts element that is not a dict (nor a "k=v" string), and a boolean given to an int option
    (Ansible would take `true` as 1). Each names the option's path (`connections[1].bgp_asn`), never its value."""
    problems = []
    for name, option in argument_spec.items():
        value = params.get(name) if isinstance(params, Mapping) else None
        if value is None:
            continue
        path = prefix + name
        kind, elements = option.get("type"), option.get("elements")
        if kind == "int" and isinstance(value, bool):
            problems.append("%s: a boolean is not an integer; give a number." % path)
        if kind == "list" and elements == "int" and isinstance(value, list):
            problems.extend("%s[%d]: a boolean is not an integer; give a number." % (path, i)
                            for i, item in enumerate(value) if isinstance(item, bool))
        sub_spec = option.get("options")
        if not sub_spec:
            continue
        if kind == "list" and isinstance(value, list):
            items = [("%s[%d]" % (path, index), item) for index, item in enumerate(value)]
        elif kind == "list" and not isinstance(value, (Mapping, str)):
            problems.append("%s: %s is not a list of dicts." % (path, _kind(value)))
            continue
        else:
            items = [(path, value)]
        for item_path, item in items:
            parsed = _as_dict(item)
            if parsed is None:
                problems.append("%s: %s is not a dict of the options %s." % (
                    item_path, _kind(item), ", ".join(sorted(sub_spec))))
            else:
                problems.extend(shape_problems(sub_spec, parsed, item_path + "."))
    return problems


class HwcModule(AnsibleModule):
    """AnsibleModule with the no_log values known before argument parsing, and options Ansible's parsing
    mishandles refused before it runs."""

    def _load_params(self):
        super()._load_params()
        self.no_log_values.update(secret_values(self.argument_spec, self.params))

    def _set_internal_properties(self, argument_spec=None, module_parameters=None):
        # Runs once, right after the options are loaded and before they are validated.
        super()._set_internal_properties(argument_spec, module_parameters)
        if argument_spec is None and module_parameters is None:
            problems = shape_problems(self.argument_spec, self.params)
            if problems:
                self.fail_json(msg=" ".join(problems), error={"message": problems[0]})
