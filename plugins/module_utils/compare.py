# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Declaring a resource's options and comparing them with what the API returns, field by field.

A module declares each resource option as a Field: how it maps to the API, how its values compare, and how
(or whether) the API can change it. From those declarations this module computes the changes between the
options the user set and the resource, the body of the update request, and the "managed view" of a
resource used for diffs (the declared fields, in comparable form, keyed by API field name).
"""

import copy
import ipaddress

PUT = "put"
_INHERIT = object()


# -- normalisers: API value -> comparable value ------------------------------------------------------------

def same(value):
    return value


def lower(value):
    return value.lower() if isinstance(value, str) else value


def cidr(value):
    """A CIDR block in its canonical form (IPv6 compressed, lower case)."""
    return str(ipaddress.ip_network(str(value), strict=False))


def cidr_set(values):
    """CIDR lists the API treats as sets: order and notation do not matter."""
    return sorted(set(cidr(v) for v in values or []))


def unordered(values):
    return sorted(values or [])


class Field:
    """One resource option.

    update: None when the API cannot change it after creation (the default), PUT when the update request
        carries it, or the name of an action (the module's apply_<name> method). Nested leaves inherit it
        from their parent unless they set it.
    api: the API's field name when it differs from the option name.
    put_key: the update request's key when it differs from `api` (for a nested leaf, a top-level key).
    normalize: comparable form of an API value; `desired`/`current` override it for the user's value and the
        API's value when the two have different shapes (a PEM certificate against its parsed description).
    to_api: the option value as the API wants it in request bodies.
    nested: sub-options of a dict option, compared one by one.
    secret: write-only (never returned by the API, never compared or shown).
    create: whether the create request carries it.
    """

    def __init__(self, update=_INHERIT, api=None, put_key=None, normalize=same, desired=None, current=None,
                 to_api=None, nested=None, secret=False, create=True):
        self.update = update
        self.api = api
        self.put_key = put_key
        self.normalize = normalize
        self._desired = desired
        self._current = current
        self._to_api = to_api
        self.nested = nested or {}
        self.secret = secret
        self.create = create

    def bind(self, name, parent_update=None):
        """Resolve defaults once the option name is known (done by ResourceSpec)."""
        self.name = name
        self.api = self.api or name
        if self.update is _INHERIT:
            self.update = parent_update
        self.explicit_put_key = self.put_key is not None
        self.put_key = self.put_key or self.api
        for sub_name, sub in self.nested.items():
            sub.bind(sub_name, self.update)
        return self

    # -- forms ---------------------------------------------------------------------------------------

    def api_value(self, value):
        """The option's value as a request body carries it."""
        if self.nested:
            return dict((sub.api, sub.api_value(value[name])) for name, sub in self.nested.items()
                        if value.get(name) is not None)
        return self._to_api(value) if self._to_api else value

    def desired_form(self, value):
        if self.nested:
            return dict((sub.api, sub.desired_form(value[name])) for name, sub in self.nested.items()
                        if value.get(name) is not None and not sub.secret)
        if self._desired:
            return self._desired(value)
        return self.normalize(self.api_value(value))

    def current_form(self, api_value):
        if api_value is None:
            return None
        if self.nested:
            if not isinstance(api_value, dict):
                return None
            return dict((sub.api, sub.current_form(api_value.get(sub.api))) for sub in self.nested.values()
                        if api_value.get(sub.api) is not None and not sub.secret)
        if self._current:
            return self._current(api_value)
        return self.normalize(api_value)

    def restrict(self, api_value):
        """The declared part of an API value, in API form (used to rebuild whole nested objects)."""
        if not self.nested or not isinstance(api_value, dict):
            return copy.deepcopy(api_value)
        return dict((sub.api, sub.restrict(api_value[sub.api])) for sub in self.nested.values()
                    if api_value.get(sub.api) is not None and not sub.secret)


class Change:
    def __init__(self, path, field, before, after, owner):
        self.path = path  # option path, e.g. ikepolicy.dpd.timeout
        self.field = field
        self.before = before
        self.after = after
        self.owner = owner  # the top-level Field the leaf belongs to

    @property
    def updatable(self):
        return self.field.update is not None

    def __repr__(self):
        return "Change(%s: %r -> %r)" % (self.path, self.before, self.after)


def changes(fields, params, resource):
    """The leaf options the user set whose value differs from the resource's."""
    found = []

    def walk(declared, values, current, prefix, owner):
        for name, field in declared.items():
            value = values.get(name)
            if value is None or field.secret:
                continue
            current_value = (current or {}).get(field.api)
            top = owner or field
            if field.nested:
                walk(field.nested, value, current_value if isinstance(current_value, dict) else {},
                     prefix + name + ".", top)
                continue
            before, after = field.current_form(current_value), field.desired_form(value)
            if before != after:
                found.append(Change(prefix + name, field, before, after, top))

    walk(fields, params, resource, "", None)
    return found


def managed_view(fields, resource):
    """The declared fields of a resource in comparable form, keyed by API name: what diffs show."""
    view = {}
    for field in fields.values():
        if field.secret:
            continue
        value = field.current_form((resource or {}).get(field.api))
        if value is not None:
            view[field.api] = value
    return view


def desired_view(fields, params, resource):
    """The managed view the resource will have once the user's options are applied."""
    view = managed_view(fields, resource)

    def merge(declared, values, target):
        for name, field in declared.items():
            value = values.get(name)
            if value is None or field.secret:
                continue
            if field.nested:
                branch = target.get(field.api)
                branch = dict(branch) if isinstance(branch, dict) else {}
                merge(field.nested, value, branch)
                target[field.api] = branch
            else:
                target[field.api] = field.desired_form(value)

    merge(fields, params, view)
    return view


def create_body(fields, params):
    """The create request's body from the options the user set (create-only and updatable alike)."""
    body = {}
    for name, field in fields.items():
        value = params.get(name)
        if value is not None and field.create:
            body[field.api] = field.api_value(value)
    return body


def deep_merge(base, overlay):
    merged = copy.deepcopy(base) if isinstance(base, dict) else {}
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def update_body(fields, params, resource, found_changes):
    """The update request's body for the changes that the update request carries.

    A changed leaf of a nested option sends the whole nested object (the resource's declared part with the
    user's values over it), so the service never sees a partial object; a leaf with its own put_key (for
    example eip1.id as eip_id_1) is sent alone. Leaves the API cannot update (update=None, such as a
    connection's ikepolicy.authentication_method) are left out of the rebuilt object.
    """
    body = {}
    for change in found_changes:
        if change.field.update != PUT:
            continue
        owner = change.owner
        if change.field is owner or change.field.explicit_put_key:
            body[change.field.put_key] = change.field.api_value(_value_at(params, change.path))
        else:
            current = owner.restrict((resource or {}).get(owner.api))
            body[owner.put_key] = _updatable(owner, deep_merge(current, owner.api_value(params[owner.name])))
    return body


def _updatable(field, value):
    """The part of a nested API value that an update request may carry."""
    if not field.nested or not isinstance(value, dict):
        return value
    return dict((sub.api, _updatable(sub, value[sub.api])) for sub in field.nested.values()
                if sub.api in value and sub.update is not None)


def _value_at(params, path):
    value = params
    for part in path.split("."):
        value = value[part]
    return value


def actions(found_changes):
    """The names of the dedicated API calls the changes need, each once, in order."""
    names = []
    for change in found_changes:
        if change.field.update not in (None, PUT) and change.field.update not in names:
            names.append(change.field.update)
    return names


# What a diff shows for a write-only value that an update sends again (update_psk: always): never the value.
ROTATED = "(rotated)"


def summary(subject, groups, unchanged=0):
    """The lines that lead a bulk change's diff and result: a headline with the counts, then a line per group
    with its names. groups: [(label, [entries])] in the order shown; empty groups are left out."""
    shown = [(label, entries) for label, entries in groups if entries]
    counts = ["%d %s" % (len(entries), label) for label, entries in shown]
    if unchanged:
        counts.append("%d unchanged" % unchanged)
    lines = ["%s: %s" % (subject, ", ".join(counts) if counts else "no change")]
    lines += ["  %s (%d): %s" % (label, len(entries), ", ".join(entries)) for label, entries in shown]
    return lines


def diff_with_summary(before, after, subject, lines):
    """A diff whose headers are the subject and the summary, so that Ansible prints the summary before the
    changed lines (--- before: subject, +++ after: the summary)."""
    return {"before": before, "after": after, "before_header": subject, "after_header": "\n".join(lines)}
