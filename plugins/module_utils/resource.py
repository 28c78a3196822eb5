# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The base of resource modules: a module declares its resource (a ResourceSpec) and ResourceModule finds it,
plans the create, update or delete the options ask for (a Plan, computed without writing), applies the plan
unless in check mode, waits, and reports with diff. ResourceSet runs the same steps for several resources of
one kind listed in one option."""

import copy
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from ansible_collections.hwcloud.vpn.plugins.module_utils.module import HwcModule as AnsibleModule
from ansible_collections.hwcloud.vpn.plugins.module_utils import api, compare, pagination, tags as tag_utils, validation, waiter
from ansible_collections.hwcloud.vpn.plugins.module_utils.args import auth_spec, tags_spec, wait_spec
from ansible_collections.hwcloud.vpn.plugins.module_utils.client import path_quote
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError
from ansible_collections.hwcloud.vpn.plugins.module_utils.lookup import MissingParent
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import Task
from ansible_collections.hwcloud.vpn.plugins.module_utils.validation import tags as check_tags


class ResourceSpec:
    """What a module manages.

    kind: how messages name the resource ("VPN gateway"); kinds: the plural, when not kind + "s".
    body_key / list_key: the API's keys for one resource and for a list of them.
    path: the collection path, with {project_id}; the item path is path + "/{id}" unless item_path is given.
    fields: {option name: compare.Field}; tags, state, id and wait options are handled here.
    pagination: the list style (pagination.NOT_PAGED, MARKER or OFFSET).
    tag_type: the resource type of the tag API, when the resource has tags.
    tags_in_create_body: whether the create request carries the tags (else they are added after).
    lifecycle: a waiter.Lifecycle (from api.py) when the resource goes through pending statuses.
    scope: options that place the resource in a parent (a gateway, a server): names are unique only there,
        and lists are filtered by them (list_query maps them to the list's query keys).
    create_defaults: the API's defaults, in API form, to predict a created resource in check mode.
    client_token: whether the create API accepts X-Client-Token for idempotent retries.
    secret_policies: {secret option: the option saying when to send it again ("on_create" or "always")}.
    not_found: the error codes the API answers (with status 400) instead of 404 for an id it does not know.
    names_unique: whether the API refuses a second resource with the same name in the scope. When it does not,
        two runs that create the same resource at the same time make two: a create then settles the duplicates
        (ResourceModule.settle_duplicates).
    dependents: what uses a resource, so that a duplicate this run made is deleted only when nothing uses it.
    """

    def __init__(self, kind: str, body_key: str, list_key: str, path: str, fields: Dict[str, compare.Field],
                 pagination: str = pagination.NOT_PAGED, tag_type: Optional[str] = None,
                 tags_in_create_body: bool = True, lifecycle: Optional[waiter.Lifecycle] = None,
                 scope: Tuple[str, ...] = (), list_query: Optional[Dict[str, str]] = None,
                 create_defaults: Optional[dict] = None, client_token: bool = False,
                 secret_policies: Optional[Dict[str, str]] = None, item_path: Optional[str] = None,
                 name_key: str = "name", not_found: Tuple[str, ...] = (), names_unique: bool = True,
                 dependents: Tuple["Dependent", ...] = (), kinds: Optional[str] = None) -> None:
        self.kind = kind
        self.kinds = kinds or kind + "s"
        self.body_key = body_key
        self.list_key = list_key
        self.path = path
        self.item_path = item_path or path + "/{id}"
        self.fields = {name: declared.bind(name) for name, declared in fields.items()}
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
        self.not_found = tuple(not_found)
        self.names_unique = names_unique
        self.dependents = tuple(dependents)


@dataclass(frozen=True)
class Dependent:
    """Resources that use another one: listed at `path` ({id}: the used resource's id) under `list_key`, with
    `query` ({key: value with {id}}) as the list's filter. One of them listed means "in use", so the first page
    is enough."""

    kind: str
    path: str
    list_key: str
    query: Tuple[Tuple[str, str], ...] = ()

    def listed(self, client: Any, resource_id: str) -> List[dict]:
        path = self.path.format(project_id="{project_id}", id=path_quote(resource_id))
        query = {key: value.format(id=resource_id) for key, value in self.query}
        return list(pagination.iterate(client, path, self.list_key, pagination.NOT_PAGED, query))


def module_argument_spec(spec: ResourceSpec, options: dict) -> dict:
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


class Companion:
    """Something managed together with the resource through calls of its own (a gateway's certificate, a
    P2C gateway's log configuration). Subclasses set `key` (the option, and the key in results and diffs)."""

    key: str = ""

    def __init__(self, owner: "ResourceModule") -> None:
        self.owner = owner
        self.client = owner.client
        self.wanted = owner.params.get(self.key)

    def read(self, resource: dict) -> Any:
        """The companion's current state (None when it does not exist)."""
        raise NotImplementedError

    def view(self, current: Any) -> Any:
        """Comparable form of the current state, for diffs."""
        raise NotImplementedError

    def desired_view(self, current: Any) -> Any:
        """Comparable form of the state the options ask for."""
        raise NotImplementedError

    def apply(self, resource: dict, current: Any) -> Any:
        """Make the calls that bring the companion to the wanted state; return its new state."""
        raise NotImplementedError


@dataclass
class Plan:
    """What a task will do to one resource, computed without writing: check mode reports it, apply() makes it.

    operation: "create", "update", "delete", "reset" (an action that is always a change) or "none".
    resource: the resource as it is (None before a create).
    changes: the compare.Changes of an update; body: the create or update request's body; actions: the
    apply_<action> methods an update needs; tags_to_set / tags_to_remove: the tag difference; companions:
    (companion, current state) pairs to apply; companion_states: {key: current state} of the companions read.
    before / after: the diff's sides; predicted: the resource as check mode reports it; rotated: the write-only
    options the update sends again, which the diff's after shows as compare.ROTATED.
    """

    operation: str
    resource: Optional[dict] = None
    changes: List[compare.Change] = field(default_factory=list)
    body: dict = field(default_factory=dict)
    actions: List[str] = field(default_factory=list)
    tags_to_set: dict = field(default_factory=dict)
    tags_to_remove: dict = field(default_factory=dict)
    companions: List[Tuple[Companion, Any]] = field(default_factory=list)
    companion_states: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    predicted: Optional[dict] = None
    rotated: List[str] = field(default_factory=list)  # write-only options sent again (update_psk: always)

    @property
    def changed(self) -> bool:
        if self.operation in ("create", "delete", "reset"):
            return True
        return bool(self.body or self.actions or self.tags_to_set or self.tags_to_remove or self.companions)


@dataclass
class Outcome:
    """What apply() did: the resource as it now is, its view (the diff's after), the companions' new states."""

    resource: dict
    after: dict
    changed: bool = True
    companion_states: dict = field(default_factory=dict)


class ResourceModule(Task):
    """Subclasses set `spec` (and `companions`) and may override the hooks: validate, validate_create,
    validate_update, resolve, create_body, comparable, predict_created and apply_<action>."""

    spec: ResourceSpec
    companions: Tuple[type, ...] = ()

    # -- hooks ---------------------------------------------------------------------------------------

    def validate_create(self) -> None:
        """Check what a create needs (mandatory options); runs before the create request."""

    def validate_update(self, resource: dict, found_changes: List[compare.Change]) -> None:
        """Check a planned update against the resource before any write (for example that the API offers the
        requested specification)."""

    def create_body(self, body: dict) -> dict:
        """Adjust the create request body built from the fields."""
        return body

    def predict_created(self, body: dict) -> dict:
        """The resource check mode reports for a create: the body over the API's defaults."""
        predicted = copy.deepcopy(self.spec.create_defaults)
        predicted.update(body)
        return predicted

    def comparable(self, resource: dict) -> dict:
        """The resource as the fields compare it. Override when the API reports an option under another field
        in some cases (an ER gateway reports its vpc_id as access_vpc_id); results keep the API's own form."""
        return resource

    def describe(self) -> str:
        name = self.params.get("name")
        ident = self.params.get("id")
        return "%s %s" % (self.spec.kind, repr(name) if name else ident or "")

    def check(self) -> None:
        if self.spec.tag_type is not None:
            check_tags("tags", self.params.get("tags"))
        self.validate()

    # -- API -----------------------------------------------------------------------------------------

    def item_path(self, resource_id: str) -> str:
        return self.spec.item_path.format(project_id="{project_id}", id=path_quote(resource_id), **self._path_args())

    def collection_path(self) -> str:
        return self.spec.path.format(project_id="{project_id}", **self._path_args())

    def _path_args(self) -> dict:
        return {name: path_quote(self.params[name]) for name in self.spec.scope if self.params.get(name)}

    def fetch(self, resource_id: str) -> Optional[dict]:
        """The resource, or None when the API says it is not there."""
        return api.get_or_none(self.client, self.item_path(resource_id), self.spec.body_key, self.spec.not_found)

    def list(self) -> List[dict]:
        query = {key: self.params[option] for option, key in self.spec.list_query.items()
                 if self.params.get(option) is not None}
        return list(pagination.iterate(self.client, self.collection_path(), self.spec.list_key,
                                       self.spec.pagination, query))

    def in_scope(self, resource: dict) -> bool:
        return all(resource.get(self.spec.fields[name].api) == self.params[name] for name in self.spec.scope
                   if name in self.spec.fields and self.params.get(name) is not None)

    def named(self, listed: List[dict], hint: str = "set id to say which one") -> Optional[dict]:
        """The one resource of `listed` with the task's name, in its scope; None when there is none."""
        name = self.params[self.spec.name_key]
        matches = [r for r in listed if r.get(self.spec.name_key) == name and self.in_scope(r)]
        if len(matches) > 1:
            raise HwcError("%d %s are named %r: %s (%s)." % (
                len(matches), self.spec.kinds, name, hint, ", ".join(sorted(r["id"] for r in matches))))
        return matches[0] if matches else None

    def find_by_name(self) -> Optional[dict]:
        return self.named(self.list())

    def find(self) -> Optional[dict]:
        """The resource (None when there is none, or once one being deleted is gone)."""
        resource_id = self.params.get("id")
        resource = self.with_id(self.fetch(resource_id)) if resource_id else self.find_by_name()
        return self.unless_deleting(resource)

    def with_id(self, resource: Optional[dict]) -> Optional[dict]:
        """The resource found by the task's id: an id never creates one, so none is an error unless deleting."""
        if resource is None and self.params["state"] == "present":
            raise HwcError("There is no %s with id %s; an id never creates a resource: set name instead."
                           % (self.spec.kind, self.params["id"]))
        return resource

    def among(self, listed: List[dict], hint: str) -> Optional[dict]:
        """The task's resource in `listed`: the one with its id when it has one, else the one with its name."""
        resource_id = self.params.get("id")
        if resource_id:
            return self.with_id(next((r for r in listed if r.get("id") == resource_id and self.in_scope(r)), None))
        return self.named(listed, hint=hint)

    def unless_deleting(self, resource: Optional[dict]) -> Optional[dict]:
        """The resource, or None once it is gone when a delete is under way; fails at once when the service
        refuses every change to it."""
        if resource is not None and self.spec.lifecycle is not None and \
                self.spec.lifecycle.status(resource) == "PENDING_DELETE":
            self.wait_gone(resource)
            return None
        if resource is not None and self.spec.lifecycle is not None:
            api.refuse_blocked(resource, self.spec.lifecycle, self.spec.kind)  # frozen, or an upgrade to confirm
        return resource

    # -- waiting -------------------------------------------------------------------------------------

    def waiting(self) -> bool:
        return self.spec.lifecycle is not None and self.params.get("wait", True)

    def wait_ready(self, resource_id: str) -> Optional[dict]:
        if not self.waiting():
            return self.fetch(resource_id)
        return waiter.wait_for_status(lambda: self.fetch(resource_id), self.spec.lifecycle,
                                      self.params["wait_timeout"], "%s %s" % (self.spec.kind, resource_id))

    def settled(self, resource: dict) -> dict:
        """The resource once it is ready or failed, when the task waits (nothing can change a pending one)."""
        if self.waiting() and not self.spec.lifecycle.is_settled(resource):
            return self.wait_ready(resource["id"])
        return resource

    def wait_gone(self, resource: dict) -> None:
        if self.waiting():
            waiter.wait_for_absence(lambda: self.fetch(resource["id"]), self.params["wait_timeout"],
                                    "%s %s" % (self.spec.kind, resource["id"]))

    # -- views ---------------------------------------------------------------------------------------

    def view(self, resource: Optional[dict]) -> dict:
        view = compare.managed_view(self.spec.fields, self.comparable(resource or {}))
        if self.spec.tag_type is not None:
            view["tags"] = tag_utils.to_dict((resource or {}).get("tags"))
        return view

    def sanitize(self, resource: dict) -> dict:
        """Write-only fields never leave the module, whatever the API or a prediction holds."""
        clean = copy.deepcopy(resource)
        for declared in self.spec.fields.values():
            if declared.secret:
                clean.pop(declared.api, None)
        return clean

    def wanted_tags(self) -> Optional[Dict[str, str]]:
        if self.spec.tag_type is None or self.params.get("tags") is None:
            return None
        return {k: "" if v is None else str(v) for k, v in self.params["tags"].items()}

    # -- planning (reads only) -----------------------------------------------------------------------

    def plan(self, current: Optional[dict]) -> Plan:
        if self.params["state"] == "absent":
            return self.plan_delete(current)
        if current is None:
            return self.plan_create()
        return self.plan_update(current)

    def plan_create(self) -> Plan:
        self.doing = "Creating %s" % self.describe()
        self.validate_create()
        spec = self.spec
        body = compare.create_body(spec.fields, self.params)
        wanted_tags = self.wanted_tags()
        if wanted_tags and spec.tags_in_create_body:
            body["tags"] = tag_utils.to_list(wanted_tags)
        body = self.create_body(body)
        after = compare.desired_view(spec.fields, self.params, self.predict_created({}))
        if spec.tag_type is not None:
            after["tags"] = wanted_tags or {}
        companions = [(c, None) for c in (companion(self) for companion in self.companions) if c.wanted is not None]
        for companion, _current in companions:
            after[companion.key] = companion.desired_view(None)
        return Plan("create", body=body, companions=companions, after=after,
                    tags_to_set=wanted_tags if wanted_tags and not spec.tags_in_create_body else {},
                    predicted=self.sanitize(self.predict_created(body)))

    def plan_update(self, resource: dict) -> Plan:
        self.doing = "Updating %s" % self.describe()
        spec = self.spec
        resource = self.settled(resource)
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
        rotated = [secret for secret, policy in spec.secret_policies.items()
                   if self.params.get(secret) is not None and self.params.get(policy) == "always"]
        for secret in rotated:
            body[spec.fields[secret].put_key] = spec.fields[secret].api_value(self.params[secret])
        plan = Plan("update", resource, changes=found, body=body, actions=compare.actions(found), rotated=rotated,
                    before=self.view(resource), after=compare.desired_view(spec.fields, self.params, comparable))
        plan.after.update((secret, compare.ROTATED) for secret in rotated)
        if spec.tag_type is not None:
            current_tags = tag_utils.to_dict(resource.get("tags"))
            plan.tags_to_set, plan.tags_to_remove = tag_utils.plan(
                current_tags, self.params.get("tags"), self.params.get("purge_tags", True))
            plan.after["tags"] = tag_utils.predicted(current_tags, plan.tags_to_set, plan.tags_to_remove)
        for companion in (c(self) for c in self.companions):
            if companion.wanted is None:
                continue
            current = companion.read(resource)
            plan.companion_states[companion.key] = current
            plan.before[companion.key] = companion.view(current)
            plan.after[companion.key] = companion.desired_view(current)
            if plan.before[companion.key] != plan.after[companion.key]:
                plan.companions.append((companion, current))
        plan.predicted = self._predict_updated(plan) if plan.changed else resource
        return plan

    def _predict_updated(self, plan: Plan) -> dict:
        predicted = copy.deepcopy(plan.resource)
        for name, declared in self.spec.fields.items():
            value = self.params.get(name)
            if value is not None and not declared.secret and declared.update is not None:
                current = predicted.get(declared.api)
                new = declared.api_value(value)
                predicted[declared.api] = compare.deep_merge(current, new) if declared.nested and isinstance(
                    current, dict) else new
        if self.spec.tag_type is not None:
            predicted["tags"] = tag_utils.to_list(tag_utils.predicted(
                tag_utils.to_dict(plan.resource.get("tags")), plan.tags_to_set, plan.tags_to_remove))
        return predicted

    def plan_delete(self, resource: Optional[dict]) -> Plan:
        self.doing = "Deleting %s" % self.describe()
        if resource is None:
            return Plan("none", predicted={})
        return Plan("delete", resource, before=self.view(resource), predicted={})

    # -- applying (writes; never in check mode) ------------------------------------------------------

    def apply(self, plan: Plan) -> Outcome:
        return getattr(self, plan.operation)(plan)

    def create(self, plan: Plan) -> Outcome:
        spec = self.spec
        recover = None
        if not spec.client_token and self.params.get(spec.name_key):
            recover = self._recover_created
        response = self.client.request("POST", self.collection_path(), body={spec.body_key: plan.body},
                                       client_token=spec.client_token, recover=recover)
        self.mark_changed()  # the create was answered: even an answer without the resource means it exists
        resource = response.require(spec.body_key)
        self.doing = "Completing %s %s (created)" % (spec.kind, resource["id"])
        if plan.tags_to_set:
            tag_utils.apply(self.client, spec.tag_type, resource["id"], plan.tags_to_set, {})
        resource = self.wait_ready(resource["id"]) or resource
        view = self.view(resource)
        states = {}
        for companion, _current in plan.companions:
            states[companion.key] = companion.apply(resource, None)
            view[companion.key] = companion.view(states[companion.key])
            resource = self.wait_ready(resource["id"]) or resource
        if not spec.names_unique and self.params.get(spec.name_key):
            kept = self.settle_duplicates(resource)
            if kept is not None:
                return kept
        return Outcome(resource, view, companion_states=states)

    def settle_duplicates(self, created: dict) -> Optional[Outcome]:
        """After a create where the API does not keep names unique: when other runs created the same resource at
        the same time, all runs keep the oldest (created_at, then id) and each deletes the one it created, if
        nothing uses it yet. Returns the outcome on the kept resource (updated to this task's options), or None
        when this run's resource is the one kept (the others' runs delete theirs: a run never deletes what
        another run may still be completing)."""
        spec = self.spec
        self.doing = "Settling %s: looking for duplicates made by concurrent runs" % self.describe()
        same = [r for r in self.list() if r.get(spec.name_key) == created.get(spec.name_key) and self.in_scope(r)
                and (spec.lifecycle is None or spec.lifecycle.status(r) != "PENDING_DELETE")]
        if not any(r["id"] == created["id"] for r in same):
            same.append(created)
        kept = min(same, key=lambda r: (r.get("created_at") or "", r["id"]))
        if kept["id"] == created["id"]:
            return None
        ids = "%s (kept: created first) and %s (created by this run)" % (kept["id"], created["id"])
        try:
            plan = self.plan_update(kept)  # reads only: a conflict fails before anything is deleted
        except HwcError as error:
            raise HwcError("another run created %s at the same time with other options: %s. Delete the one you "
                           "do not want (state absent with its id) and run again. %s" % (
                               self.describe(), ids, error)) from None
        if spec.lifecycle is not None and not spec.lifecycle.is_settled(created):
            # Without wait, this run's resource may still be pending, and a pending resource cannot be deleted.
            waiter.wait_for_status(lambda: self.fetch(created["id"]), spec.lifecycle, self.params["wait_timeout"],
                                   "%s %s" % (spec.kind, created["id"]))
        users = self.used_by(created)
        if users:
            raise HwcError("another run created %s at the same time: %s. This run's %s is already used by %s, so it "
                           "was not deleted: delete the one you do not want (state absent with its id) and run "
                           "again." % (self.describe(), ids, spec.kind, users))
        self.doing = "Deleting %s %s, a duplicate of %s made by a concurrent run" % (
            spec.kind, created["id"], kept["id"])
        self.delete(Plan("delete", created))
        self.result["converged_from_duplicate"] = created["id"]
        if plan.changed:
            self.doing = "Updating %s %s (kept)" % (spec.kind, kept["id"])
            return self.update(plan)
        return Outcome(plan.resource, plan.before, companion_states=plan.companion_states)

    def used_by(self, resource: dict) -> str:
        """What uses the resource, as "2 VPN connection(s) (id, id)"; empty when nothing does."""
        found = []
        for dependent in self.spec.dependents:
            ids = [d["id"] for d in dependent.listed(self.client, resource["id"])]
            if ids:
                found.append("%d %s(s) (%s)" % (len(ids), dependent.kind, ", ".join(sorted(ids))))
        return ", ".join(found)

    def _recover_created(self) -> Optional[dict]:
        """After a create whose answer was lost: the resource if the create took effect."""
        found = self.find_by_name()
        return {self.spec.body_key: found} if found is not None else None

    def update(self, plan: Plan) -> Outcome:
        spec = self.spec
        resource = plan.resource
        if plan.body:
            self.client.request("PUT", self.item_path(resource["id"]), body={spec.body_key: plan.body})
            self.mark_changed()
            resource = self.wait_ready(resource["id"])
        for action in plan.actions:
            resource = getattr(self, "apply_" + action)(resource, plan) or resource
            self.mark_changed()
            resource = self.wait_ready(resource["id"])
        if plan.tags_to_set or plan.tags_to_remove:
            tag_utils.apply(self.client, spec.tag_type, resource["id"], plan.tags_to_set, plan.tags_to_remove)
            self.mark_changed()
        states = dict(plan.companion_states)
        for companion, current in plan.companions:
            states[companion.key] = companion.apply(resource, current)
            self.mark_changed()
            resource = self.wait_ready(resource["id"])
        resource = self.fetch(resource["id"])
        view = self.view(resource)
        view.update((secret, compare.ROTATED) for secret in plan.rotated)
        for companion in (c(self) for c in self.companions):
            if companion.key in states:
                view[companion.key] = companion.view(states[companion.key])
        return Outcome(resource, view, companion_states=states)

    def delete(self, plan: Plan, wait: bool = True) -> Outcome:
        """Delete, then wait until the API answers 404 (unless `wait` is False: a set waits for all at once)."""
        resource = plan.resource
        try:
            self.client.request("DELETE", self.item_path(resource["id"]))
        except ApiError as error:
            if api.not_found(error, self.spec.not_found):
                # Gone: deleted by someone else, or by an earlier attempt of this request whose answer was lost.
                return Outcome({}, {}, changed=error.attempts > 1)
            if not self._deletion_in_progress(error):
                raise
        self.mark_changed()
        if wait:
            self.wait_gone(resource)
        return Outcome({}, {})

    @staticmethod
    def _deletion_in_progress(error: ApiError) -> bool:
        # A DELETE repeated after a lost answer finds the first one under way (VPN.0508 for gateways).
        return error.error_code == "VPN.0508" or "currently DELETING" in (error.error_msg or "")

    # -- reporting -----------------------------------------------------------------------------------

    def report(self, plan: Plan, outcome: Optional[Outcome]) -> None:
        if outcome is None:  # check mode, or nothing to do
            changed, resource, after, states = plan.changed, plan.predicted, plan.after, plan.companion_states
        else:
            changed, resource, after, states = outcome.changed, outcome.resource, outcome.after, \
                outcome.companion_states
        self.result.update(states)
        self.result["changed"] = changed
        self.result[self.spec.body_key] = self.sanitize(resource or {})
        if self.module._diff:
            self.result["diff"] = {"before": plan.before, "after": after}


@dataclass
class SetPlan:
    """The plans of a set's members, in the order listed."""

    members: List[Tuple[ResourceModule, Plan]]

    @property
    def changed(self) -> bool:
        return any(plan.changed for _member, plan in self.members)


class ResourceSet(Task):
    """Several resources of one kind in one task (the connections of a site), listed in the option
    `items_option`: each item is a member, a `member_class` task with the set's options and the item's over them.

    The members are found with one list call, all planned before the first write, then applied in order; a
    subclass may apply the creates together (create_together) where the API has a batch call. The result holds
    the members' resources under spec.list_key, in order, and diffs keyed by name."""

    member_class: type
    items_option: str
    # Options no two members may share (checked before any call).
    unique_keys: Tuple[str, ...] = ("id", "name")

    def __init__(self, module: Any, client: Any = None) -> None:
        super().__init__(module, client)
        self.spec = self.member_class.spec
        self.members = [self.member_class(module, self.client, params=self.member_params(item))
                        for item in self.params[self.items_option]]

    def member_params(self, item: dict) -> dict:
        params = dict(self.params, id=None)
        params[self.items_option] = None
        params.update((key, value) for key, value in item.items() if value is not None)
        return params

    def name(self, member: ResourceModule) -> str:
        """What the member is known by: its name, or its id when it has only an id."""
        return member.params[self.spec.name_key] or member.params["id"]

    def describe(self) -> str:
        return "%s %s" % (self.spec.kinds, ", ".join(repr(self.name(m)) for m in self.members))

    def validate(self) -> None:
        validation.check(bool(self.members), self.items_option, "list at least one %s." % self.spec.kind)
        for key in self.unique_keys:
            values = [m.params[key] for m in self.members if m.params[key] is not None]
            repeated = sorted(set(str(v) for v in values if values.count(v) > 1))
            validation.check(not repeated, self.items_option, "each %s needs its own %s; repeated: %s." % (
                self.spec.kind, key, ", ".join(repeated)))
        if self.spec.tag_type is not None:  # the task's own tags, named as such, before the items' over them
            check_tags("tags", self.params.get("tags"))
        for index, member in enumerate(self.members):
            with validation.element(self.items_option, index):
                member.check()

    def resolve(self) -> None:
        """Each member resolves what it names. In check mode, a member whose parent does not exist yet (created by
        an earlier task of the run: a policy's user group, or the server of them all) is planned under it, and the
        others as usual; outside check mode that fails as for one resource."""
        for member in self.members:
            try:
                member.resolve()
            except MissingParent as missing:
                if not self.module.check_mode or self.params["state"] == "absent":
                    raise
                member.plan_under(missing.planned())

    def find(self) -> Dict[str, dict]:
        """{name: resource} of the listed resources that exist (one list call for all; by id for a member with
        an id). A member planned under a parent that does not exist yet has nothing to find."""
        looked_up = [member for member in self.members if member.planned_parent is None]
        listed = looked_up[0].list() if looked_up else []
        found = {}
        for member in looked_up:
            resource = member.unless_deleting(member.among(listed, hint="delete the extra ones"))
            if resource is not None:
                found[self.name(member)] = resource
        return found

    def nothing_found(self) -> Dict[str, dict]:
        return {}

    def plan_under(self, parent: str) -> Dict[str, dict]:
        for member in self.members:
            member.planned_parent = parent
        return super().plan_under(parent)

    def plan(self, current: Dict[str, dict]) -> SetPlan:
        self.doing = "Managing %s" % self.describe()
        return SetPlan([(member, member.plan(current.get(self.name(member)))) for member in self.members])

    def apply(self, plan: SetPlan) -> Dict[str, Outcome]:
        outcomes = {}
        creates = []
        deleted = []
        for member, member_plan in plan.members:
            if not member_plan.changed:
                continue
            if member_plan.operation == "create":
                creates.append((member, member_plan))
            elif member_plan.operation == "delete":
                # Delete them all, then wait for all.
                outcomes[self.name(member)] = member.delete(member_plan, wait=False)
                deleted.append((member, member_plan.resource))
            else:
                outcomes[self.name(member)] = member.apply(member_plan)
        for member, resource in deleted:
            member.wait_gone(resource)
        if creates:
            outcomes.update(self.create_together(creates))
        return outcomes

    def create_together(self, creates: List[Tuple[ResourceModule, Plan]]) -> Dict[str, Outcome]:
        """Create the missing members; one by one unless the API has a batch call."""
        return {self.name(member): member.create(member_plan) for member, member_plan in creates}

    def report(self, plan: SetPlan, outcome: Optional[Dict[str, Outcome]]) -> None:
        for member, member_plan in plan.members:
            member.report(member_plan, (outcome or {}).get(self.name(member)))
        self.result["changed"] = any(m.result["changed"] for m in self.members)
        self.result[self.spec.list_key] = [m.result.get(self.spec.body_key, {}) for m in self.members]
        # Check mode: the parents that members were planned under (resolve), as one resource's result says it.
        planned = sorted(set(m.planned_parent for m in self.members if m.planned_parent))
        if planned:
            self.result["planned_parent"] = "; ".join(planned)
        groups = self.changes(plan)
        # The names, by what happens to them, for a task or a role that reports them (as p2c_user does).
        for operation, key in (("create", "created"), ("update", "updated"), ("delete", "deleted")):
            self.result[key] = [self.name(member) for member, _plan in groups[operation]]
        lines = self.summary(plan, groups)
        self.result["summary"] = lines
        if self.module._diff:
            sides = [{self.name(m): m.result["diff"][side] for m in self.members} for side in ("before", "after")]
            self.result["diff"] = compare.diff_with_summary(sides[0], sides[1], self.spec.kinds, lines)

    @staticmethod
    def changes(plan: SetPlan) -> Dict[str, List[Tuple[ResourceModule, Plan]]]:
        """The members that change, by operation (create, update, delete, reset), in the order listed."""
        groups: Dict[str, List[Tuple[ResourceModule, Plan]]] = {"create": [], "update": [], "delete": []}
        for member, member_plan in plan.members:
            if member_plan.changed:
                groups.setdefault(member_plan.operation, []).append((member, member_plan))
        return groups

    def summary(self, plan: SetPlan, groups: Dict[str, List[Tuple[ResourceModule, Plan]]]) -> List[str]:
        """The lines that lead the result and the diff: the members created, updated (with what changes, a
        rotated secret named as rotated, never its value) and deleted."""
        def entry(member: ResourceModule, member_plan: Plan) -> str:
            what = [change.path for change in member_plan.changes] + [
                "%s rotated" % secret for secret in member_plan.rotated]
            if member_plan.tags_to_set or member_plan.tags_to_remove:
                what.append("tags")
            return self.name(member) + (" (%s)" % ", ".join(what) if what else "")

        unchanged = sum(1 for _member, member_plan in plan.members if not member_plan.changed)
        return compare.summary(self.spec.kinds, [
            ("created", [self.name(m) for m, _p in groups["create"]]),
            ("updated", [entry(m, p) for m, p in groups["update"]]),
            ("deleted", [self.name(m) for m, _p in groups["delete"]]),
            ("reset", [self.name(m) for m, _p in groups.get("reset", [])])], unchanged)


def run_module(module_class: type, options: dict, choose: Optional[Callable[[dict], type]] = None,
               **module_kwargs: Any) -> None:
    """Build the AnsibleModule of a ResourceModule subclass (module_class.spec gives the shared options) and run
    the task: module_class, or the class choose(params) returns (a ResourceSet when the task lists several)."""
    spec = module_class.spec
    required_one_of = module_kwargs.pop("required_one_of", [["id", spec.name_key]])
    module = AnsibleModule(argument_spec=module_argument_spec(spec, options), supports_check_mode=True,
                           required_one_of=required_one_of, **module_kwargs)
    task_class = choose(module.params) if choose else module_class
    try:
        task_class(module).run()
    except HwcError as error:  # from a hook outside run's handling, e.g. client creation
        module.fail_json(msg=str(error), exception=traceback.format_exc())
