# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every managing module runs: check the options, resolve references, read the current state, plan, apply
the plan unless in check mode, report. One resource (resource.ResourceModule), a set of resources of one kind
(resource.ResourceSet) and a server's users (p2c_users.UserSet) are all Tasks, and fail the same way."""

from typing import Any, Optional

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Client
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError, MissingReference, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.lookup import MissingParent


def new_client(module: Any) -> Client:
    try:
        return Client(module.params, secrets=module.no_log_values)
    except HwcError as error:
        module.fail_json(msg=str(error))


class Task:
    """One run of a module. Subclasses implement the steps; run() orders them and turns errors into fail_json.

    check(), validate(): check the options, before any call; raise ValidationError naming the option.
    resolve(): turn references given by name into ids (reads only).
    find(): the current state that plan() starts from (a resource or None, resources by name, ...).
    plan(current): what the task will do, computed without writing; the plan has a `changed` property.
    apply(plan): the writes; never called in check mode or for a plan without changes. Returns an outcome.
    report(plan, outcome): the result (the plan's prediction when outcome is None).

    In check mode, a parent named by the task that does not exist yet (lookup.MissingParent from resolve() or
    find()) is taken as planned by an earlier task of the run: the task plans from nothing_found() under it, with
    `planned_parent` set (checks that need the parent skip), and the result says which parent it assumed.
    """

    # What a check run assumes is planned (lookup.MissingParent.planned()), when it plans under a missing parent.
    planned_parent: Optional[str] = None

    def __init__(self, module: Any, client: Optional[Client] = None, params: Optional[dict] = None) -> None:
        self.module = module
        # A member of a set has its own options (the set's with its item's over them).
        self.params = module.params if params is None else params
        self.client = client or new_client(module)
        self.result: dict = {"changed": False}
        # What is being done, for the message of a failure; each step says it.
        self.doing = "Checking the options"

    def describe(self) -> str:
        """How messages name what the task manages."""
        raise NotImplementedError

    def check(self) -> None:
        """The checks before any call: validate(), and what the base class checks for every module of its kind."""
        self.validate()

    def validate(self) -> None:
        """Check the module's options before any call."""

    def resolve(self) -> None:
        """Turn references given by name into ids (may read the API; never writes)."""

    def find(self) -> Any:
        raise NotImplementedError

    def nothing_found(self) -> Any:
        """What find() returns when nothing exists (under a parent that is only planned)."""
        return None

    def plan_under(self, parent: str) -> Any:
        """The current state to plan from under a planned parent (check mode): nothing exists there yet."""
        self.planned_parent = parent
        self.result["planned_parent"] = parent
        return self.nothing_found()

    def plan(self, current: Any) -> Any:
        raise NotImplementedError

    def apply(self, plan: Any) -> Any:
        raise NotImplementedError

    def report(self, plan: Any, outcome: Any) -> None:
        raise NotImplementedError

    def mark_changed(self) -> None:
        """A write took effect: a failure after it still reports a change."""
        self.result["changed"] = True

    def converge(self, current: Any) -> None:
        """Plan from the current state, apply unless in check mode, report."""
        plan = self.plan(current)
        outcome = None
        if plan.changed and not self.module.check_mode:
            outcome = self.apply(plan)
        self.report(plan, outcome)

    def failure_message(self, error: HwcError) -> str:
        return "%s: %s" % (self.doing, error)

    def run(self) -> None:
        try:
            self.check()
            self.doing = "Looking up %s" % self.describe()
            try:
                self.resolve()
                current = self.find()
            except MissingParent as missing:
                if not self.module.check_mode or self.params.get("state") == "absent":
                    raise
                current = self.plan_under(missing.planned())
            self.converge(current)
        except MissingReference as error:
            if self.params.get("state") != "absent":
                self.module.fail_json(msg=str(error), error=error.to_result(), **self.result)
            # Nothing can be under a parent that is gone: a teardown run again is done, not failed.
            self.result.update(changed=False, msg="Nothing to delete: %s" % error)
        except ValidationError as error:
            self.module.fail_json(msg=str(error), error=error.to_result(), **self.result)
        except HwcError as error:
            if getattr(error, "uncertain", False):  # a write that may have taken effect
                self.mark_changed()
            self.module.fail_json(msg=self.failure_message(error), error=error.to_result(), **self.result)
        self.module.exit_json(**self.result)
