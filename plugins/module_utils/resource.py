# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The base of resource modules: a module declares its resource (a ResourceSpec) and this class finds it,
compares it with the options, creates, updates or deletes it, waits, and reports with check mode and diff."""

from __future__ import annotations

import copy
import traceback

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule

from ansible_collections.hwcloud.vpn.plugins.module_utils import compare, pagination, tags as tag_utils, waiter
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec, tags_spec, wait_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Client, path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.validation import tags as check_tags


class ResourceSpec(object):
    """What a module manages.

    kind: how messages name the resource ("VPN gateway").
    body_key / list_key: the API's keys for one resource and for a list of them.
    path: the collection path, with {project_id}; the item path is path + "/{id}" unless item_path is given.
    fields: {option name: compare.Field}; tags, state, id and wait options are handled here.
    pagination: the list style (pagination.NOT_PAGED, MARKER or OFFSET).
    tag_type: the resource type of the tag API, when the resource has tags.
    tags_in_create_body: whether the create request carries the tags (else they are added after).
    lifecycle: a waiter.Lifecycle when the resource goes through pending statuses.
    scope: options that place the resource in a parent (a gateway, a server): names are unique only there,
        and lists are filtered by them (list_query maps them to the list's query keys).
    create_defaults: the API's defaults, in API form, to predict a created resource in check mode.
    client_token: whether the create API accepts X-Client-Token for idempotent retries.
    secret_policies: {secret option: the option saying when to send it again ("on_create" or "always")}.
    """

    def __init__(self, kind, body_key, list_key, path, fields, pagination=pagination.NOT_PAGED, tag_type=None,
                 tags_in_create_body=True, lifecycle=None, scope=(), list_query=None, create_defaults=None,
                 client_token=False, secret_policies=None, item_path=None, name_key="name"):
        self.kind = kind
        self.body_key = body_key
        self.list_key = list_key
        self.path = path
        self.item_path = item_path or path + "/{id}"
        self.fields = dict((name, field.bind(name)) for name, field in fields.items())
        self.pagination = pagination
        self.tag_type = tag_type
        self.tags_in_create_body = tags_in_create_body
        self.lifecycle = lifecycle
        self.scope = tuple(scope)
        self.list_query = list_query or {}
        self.create_defaults = create_defaults or {}
        self.client_token = client_token
        self.secret_policies = secret_policies or {}
        self.name_key = name_key


def module_argument_spec(spec, options):
    """The module's full argument spec: its own options plus auth, and wait/tags when the resource has them."""
    argument_spec = dict(id=dict(type="str"), state=dict(type="str", default="present",
                                                         choices=["present", "absent"]))
    argument_spec.update(options)
    argument_spec.update(auth_spec())
    if spec.lifecycle is not None:
        argument_spec.update(wait_spec())
    if spec.tag_type is not None:
        argument_spec.update(tags_spec())
    return argument_spec


def new_client(module):
    try:
        return Client(module.params, secrets=module.no_log_values)
    except HwcError as error:
        module.fail_json(msg=str(error))


class Companion(object):
    """Something managed together with the resource through calls of its own (a gateway's certificate, a
    P2C gateway's log configuration). Subclasses set `key` (the option, and the key in results and diffs)."""

    key = None

    def __init__(self, owner):
        self.owner = owner
        self.client = owner.client
        self.wanted = owner.params.get(self.key)

    def read(self, resource):
        """The companion's current state (None when it does not exist)."""
        raise NotImplementedError

    def view(self, current):
        """Comparable form of the current state, for diffs."""
        raise NotImplementedError

    def desired_view(self, current):
        """Comparable form of the state the options ask for."""
        raise NotImplementedError

    def apply(self, resource, current):
        """Make the calls that bring the companion to the wanted state; return its new state."""
        raise NotImplementedError


class ResourceModule(object):
    """Subclasses set `spec` (and `companions`) and may override the hooks: validate, validate_create,
    validate_update, resolve, create_body, after_create and apply_<action>."""

    spec = None
    companions = ()

    def __init__(self, module, client=None):
        self.module = module
        self.params = module.params
        self.client = client or new_client(module)
        self.result = {"changed": False}

    # -- hooks ---------------------------------------------------------------------------------------

    def validate(self):
        """Check the options before any call; raise ValidationError naming the option."""

    def validate_create(self):
        """Check what a create needs (mandatory options); runs before the create request."""

    def validate_update(self, resource, found_changes):
        """Check a planned update against the resource before any write (for example that the API offers the
        requested specification)."""

    def resolve(self):
        """Turn references given by name into ids (may read the API; never writes)."""

    def create_body(self, body):
        """Adjust the create request body built from the fields."""
        return body

    def predict_created(self, body):
        """The resource check mode reports for a create: the body over the API's defaults."""
        predicted = copy.deepcopy(self.spec.create_defaults)
        predicted.update(body)
        return predicted

    def after_create(self, resource):
        """Further calls a create needs once the resource exists (and is ready when waiting)."""
        return resource

    def comparable(self, resource):
        """The resource as the fields compare it. Override when the API reports an option under another field
        in some cases (an ER gateway reports its vpc_id as access_vpc_id); results keep the API's own form."""
        return resource

    def describe(self):
        name = self.params.get("name")
        ident = self.params.get("id")
        return "%s %s" % (self.spec.kind, repr(name) if name else ident or "")

    # -- API -----------------------------------------------------------------------------------------

    def item_path(self, resource_id):
        return self.spec.item_path.format(project_id="{project_id}", id=path_quote(resource_id), **self._path_args())

    def collection_path(self):
        return self.spec.path.format(project_id="{project_id}", **self._path_args())

    def _path_args(self):
        return dict((name, path_quote(self.params[name])) for name in self.spec.scope if self.params.get(name))

    def fetch(self, resource_id):
        """The resource, or None when the API answers 404."""
        try:
            return self.client.get(self.item_path(resource_id)).get(self.spec.body_key)
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    def list(self):
        query = dict((key, self.params[option]) for option, key in self.spec.list_query.items()
                     if self.params.get(option) is not None)
        return list(pagination.iterate(self.client, self.collection_path(), self.spec.list_key,
                                       self.spec.pagination, query))

    def in_scope(self, resource):
        return all(resource.get(self.spec.fields[name].api) == self.params[name] for name in self.spec.scope
                   if name in self.spec.fields and self.params.get(name) is not None)

    def find_by_name(self, name):
        matches = [r for r in self.list() if r.get(self.spec.name_key) == name and self.in_scope(r)]
        if len(matches) > 1:
            raise HwcError("%d %ss are named %r: set id to say which one (%s)." % (
                len(matches), self.spec.kind, name, ", ".join(sorted(r["id"] for r in matches))))
        return matches[0] if matches else None

    def find(self):
        resource_id = self.params.get("id")
        if resource_id:
            resource = self.fetch(resource_id)
            if resource is None and self.params["state"] == "present":
                raise HwcError("There is no %s with id %s; an id never creates a resource: set name instead."
                               % (self.spec.kind, resource_id))
        else:
            resource = self.find_by_name(self.params[self.spec.name_key])
        if resource is not None and self._being_deleted(resource):
            self._wait_gone(resource)
            return None
        return resource

    def _being_deleted(self, resource):
        return self.spec.lifecycle is not None and self.spec.lifecycle.status(resource) == "PENDING_DELETE"

    # -- waiting -------------------------------------------------------------------------------------

    def waiting(self):
        return self.spec.lifecycle is not None and self.params.get("wait", True)

    def wait_ready(self, resource_id):
        if not self.waiting():
            return self.fetch(resource_id)
        return waiter.wait_for_status(lambda: self.fetch(resource_id), self.spec.lifecycle,
                                      self.params["wait_timeout"], "%s %s" % (self.spec.kind, resource_id))

    def _wait_gone(self, resource):
        if self.spec.lifecycle is not None and self.params.get("wait", True):
            waiter.wait_for_absence(lambda: self.fetch(resource["id"]), self.params["wait_timeout"],
                                    "%s %s" % (self.spec.kind, resource["id"]))

    # -- views ---------------------------------------------------------------------------------------

    def view(self, resource):
        view = compare.managed_view(self.spec.fields, self.comparable(resource or {}))
        if self.spec.tag_type is not None:
            view["tags"] = tag_utils.to_dict((resource or {}).get("tags"))
        return view

    def _set_result(self, changed, resource, before, after):
        self.result["changed"] = changed
        self.result[self.spec.body_key] = self.sanitize(resource or {})
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": after}

    def sanitize(self, resource):
        """Write-only fields never leave the module, whatever the API or a prediction holds."""
        clean = copy.deepcopy(resource)
        for field in self.spec.fields.values():
            if field.secret:
                clean.pop(field.api, None)
        return clean

    # -- run -----------------------------------------------------------------------------------------

    def run(self):
        try:
            if self.spec.tag_type is not None:
                check_tags("tags", self.params.get("tags"))
            self.validate()
            self.doing("Looking up %s" % self.describe())
            self.resolve()
            resource = self.find()
            if self.params["state"] == "absent":
                self.absent(resource)
            elif resource is None:
                self.create()
            else:
                self.update(resource)
        except ValidationError as error:
            self.module.fail_json(msg=str(error), error=error.to_result(), **self.result)
        except ApiError as error:
            self.result["changed"] = self.result["changed"] or error.uncertain  # a write that may have taken effect
            self.module.fail_json(msg="%s: %s" % (self._doing, error), error=error.to_result(), **self.result)
        except HwcError as error:
            self.module.fail_json(msg="%s: %s" % (self._doing, error), error=error.to_result(), **self.result)
        self.module.exit_json(**self.result)

    _doing = "Managing the resource"

    def doing(self, what):
        """Say what is being done, for the message of a failure."""
        self._doing = what

    def planned_create(self):
        """(the create request's body, the managed view the created resource will have)."""
        spec = self.spec
        body = compare.create_body(spec.fields, self.params)
        wanted_tags = self.params.get("tags") if spec.tag_type else None
        if wanted_tags and spec.tags_in_create_body:
            body["tags"] = tag_utils.to_list(wanted_tags)
        body = self.create_body(body)
        after = compare.desired_view(spec.fields, self.params, self.predict_created({}))
        if spec.tag_type is not None:
            after["tags"] = dict((k, "" if v is None else str(v)) for k, v in (wanted_tags or {}).items())
        return body, after

    def create(self):
        self.doing("Creating %s" % self.describe())
        spec = self.spec
        self.validate_create()
        companions = [c(self) for c in self.companions]
        body, after = self.planned_create()
        wanted_tags = self.params.get("tags") if spec.tag_type else None
        for companion in companions:
            if companion.wanted is not None:
                after[companion.key] = companion.desired_view(None)
        if self.module.check_mode:
            self._set_result(True, self.sanitize(self.predict_created(body)), {}, after)
            return
        recover = None
        if not spec.client_token and self.params.get(spec.name_key):
            recover = self._recover_created
        response = self.client.request("POST", self.collection_path(), body={spec.body_key: body},
                                       client_token=spec.client_token, recover=recover)
        self.result["changed"] = True  # the create was answered: even an answer without the resource means it exists
        resource = response.require(spec.body_key)
        self.doing("Completing %s %s (created)" % (spec.kind, resource["id"]))
        if wanted_tags and not spec.tags_in_create_body:
            tag_utils.apply(self.client, spec.tag_type, resource["id"], dict(
                (k, "" if v is None else str(v)) for k, v in wanted_tags.items()), {})
        resource = self.wait_ready(resource["id"]) or resource
        resource = self.after_create(resource)
        view = self.view(resource)
        for companion in companions:
            if companion.wanted is not None:
                state = companion.apply(resource, None)
                self.result[companion.key] = state
                view[companion.key] = companion.view(state)
                resource = self.wait_ready(resource["id"]) or resource
        self._set_result(True, resource, {}, view)

    def _recover_created(self):
        """After a create whose answer was lost: the resource if the create took effect."""
        found = self.find_by_name(self.params[self.spec.name_key])
        return {self.spec.body_key: found} if found is not None else None

    def update(self, resource):
        self.doing("Updating %s" % self.describe())
        spec = self.spec
        if self.waiting() and not spec.lifecycle.is_settled(resource):
            resource = self.wait_ready(resource["id"])
        comparable = self.comparable(resource)
        found = compare.changes(spec.fields, self.params, comparable)
        immutable = [c for c in found if not c.updatable]
        if immutable:
            raise HwcError("; ".join(
                "%s cannot be changed after creation (it is %r, the task asks for %r)" % (c.path, c.before, c.after)
                for c in immutable) + ". Delete and recreate the %s to change %s." % (
                spec.kind, "it" if len(immutable) == 1 else "them"))
        self.validate_update(resource, found)
        body = compare.update_body(spec.fields, self.params, comparable, found)
        for secret, policy in spec.secret_policies.items():
            if self.params.get(secret) is not None and self.params.get(policy) == "always":
                body[spec.fields[secret].put_key] = spec.fields[secret].api_value(self.params[secret])
        pending_actions = compare.actions(found)
        current_tags = tag_utils.to_dict(resource.get("tags"))
        to_set, to_remove = ({}, {}) if spec.tag_type is None else tag_utils.plan(
            current_tags, self.params.get("tags"), self.params.get("purge_tags", True))
        before = self.view(resource)
        after = compare.desired_view(spec.fields, self.params, comparable)
        if spec.tag_type is not None:
            after["tags"] = tag_utils.predicted(current_tags, to_set, to_remove)
        companion_changes = []
        for companion in [c(self) for c in self.companions]:
            if companion.wanted is None:
                continue
            current = companion.read(resource)
            self.result[companion.key] = current
            before[companion.key] = companion.view(current)
            after[companion.key] = companion.desired_view(current)
            if before[companion.key] != after[companion.key]:
                companion_changes.append((companion, current))
        changed = bool(body or pending_actions or to_set or to_remove or companion_changes)
        if not changed or self.module.check_mode:
            self._set_result(changed, self._predict_updated(resource, body, to_set, to_remove) if changed
                             else resource, before, after)
            return
        item = self.item_path(resource["id"])
        if body:
            self.client.request("PUT", item, body={spec.body_key: body})
            self.result["changed"] = True
            resource = self.wait_ready(resource["id"])
        for action in pending_actions:
            getattr(self, "apply_" + action)(resource)
            self.result["changed"] = True
            resource = self.wait_ready(resource["id"])
        if to_set or to_remove:
            tag_utils.apply(self.client, spec.tag_type, resource["id"], to_set, to_remove)
            self.result["changed"] = True
        for companion, current in companion_changes:
            self.result[companion.key] = companion.apply(resource, current)
            self.result["changed"] = True
            resource = self.wait_ready(resource["id"])
        resource = self.fetch(resource["id"])
        view = self.view(resource)
        for companion in [c(self) for c in self.companions]:
            if companion.wanted is not None:
                view[companion.key] = companion.view(self.result.get(companion.key))
        self._set_result(True, resource, before, view)

    def _predict_updated(self, resource, body, to_set, to_remove):
        predicted = copy.deepcopy(resource)
        for name, field in self.spec.fields.items():
            value = self.params.get(name)
            if value is not None and not field.secret and field.update is not None:
                current = predicted.get(field.api)
                new = field.api_value(value)
                predicted[field.api] = compare.deep_merge(current, new) if field.nested and isinstance(
                    current, dict) else new
        if self.spec.tag_type is not None:
            predicted["tags"] = tag_utils.to_list(tag_utils.predicted(
                tag_utils.to_dict(resource.get("tags")), to_set, to_remove))
        return predicted

    def absent(self, resource):
        self.doing("Deleting %s" % self.describe())
        if resource is None:
            self._set_result(False, {}, {}, {})
            return
        before = self.view(resource)
        if not self.module.check_mode:
            try:
                self.client.request("DELETE", self.item_path(resource["id"]))
            except ApiError as error:
                if error.status == 404:
                    # Gone: deleted by someone else, or by an earlier attempt of this request whose answer was lost.
                    deleted_here = error.attempts > 1
                    self._set_result(deleted_here, {}, before, {})
                    return
                if not self._deletion_in_progress(error):
                    raise
            self.result["changed"] = True
            self._wait_gone(resource)
        self._set_result(True, {}, before, {})

    @staticmethod
    def _deletion_in_progress(error):
        # A DELETE repeated after a lost answer finds the first one under way (VPN.0508 for gateways).
        return error.error_code == "VPN.0508" or "currently DELETING" in (error.error_msg or "")


def run_module(module_class, options, **module_kwargs):
    """Build the AnsibleModule for a ResourceModule subclass and run it."""
    spec = module_class.spec
    required_one_of = module_kwargs.pop("required_one_of", [["id", spec.name_key]])
    module = AnsibleModule(argument_spec=module_argument_spec(spec, options), supports_check_mode=True,
                           required_one_of=required_one_of, **module_kwargs)
    try:
        module_class(module).run()
    except HwcError as error:  # from a hook outside run's handling, e.g. client creation
        module.fail_json(msg=str(error), exception=traceback.format_exc())
