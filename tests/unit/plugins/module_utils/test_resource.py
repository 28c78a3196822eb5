"""The engine: a plan is computed without writing and is what check mode reports; apply() carries the plan out
(actions get the plan, not a second comparison); a set plans every member before its first write; one failure
handling for every Task."""

import copy
from typing import Any, Callable, Dict, List, Optional

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import Response
from ansible_collections.hwcloud.vpn.plugins.module_utils import compare
from ansible_collections.hwcloud.vpn.plugins.module_utils.compare import PUT, Field
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ApiError, HwcError, ValidationError
from ansible_collections.hwcloud.vpn.plugins.module_utils.lookup import MissingParent
from ansible_collections.hwcloud.vpn.plugins.module_utils.resource import (ResourceModule, ResourceSet, ResourceSpec,
                                                                           module_argument_spec)
from ansible_collections.hwcloud.vpn.plugins.module_utils.task import Task
from support.fake_client import ReadsThroughRequest
from support.fake_module import Exited, FakeModule


def answer(body: Any) -> Response:
    return Response(200, body, {})


class FakeClient(ReadsThroughRequest):
    """A store of widgets by id; records every request."""

    def __init__(self, widgets: Optional[List[Dict[str, Any]]] = None) -> None:
        self.widgets = {w["id"]: copy.deepcopy(w) for w in widgets or []}
        self.calls: List[tuple] = []

    def request(self, method: str, path: str, query: Any = None, body: Any = None, idempotent: Any = None,
                client_token: bool = False, recover: Optional[Callable] = None) -> Response:
        self.calls.append((method, path, copy.deepcopy(body)))
        parts = path.split("/")
        if method == "GET" and parts[-1] == "widgets":
            return answer({"widgets": list(self.widgets.values())})
        if method == "GET":
            if parts[-1] not in self.widgets:
                raise ApiError(404, "W.404", "no such widget")
            return answer({"widget": self.widgets[parts[-1]]})
        if method == "POST" and parts[-1] == "widgets":
            widget = dict(body["widget"], id="w-%d" % (len(self.widgets) + 1))
            self.widgets[widget["id"]] = widget
            return answer({"widget": widget})
        if method == "PUT":
            self.widgets[parts[-1]].update(body["widget"])
            return answer({"widget": self.widgets[parts[-1]]})
        if method == "POST" and parts[-1] == "polish":
            self.widgets[parts[-2]]["shine"] = body["shine"]
            return answer({})
        if method == "DELETE":
            self.widgets.pop(parts[-1])
            return answer({})
        raise AssertionError("unexpected request %s %s" % (method, path))

    def writes(self) -> List[tuple]:
        return [call for call in self.calls if call[0] != "GET"]


class Widget(ResourceModule):
    spec = ResourceSpec(kind="widget", body_key="widget", list_key="widgets", path="/v5/{project_id}/widgets",
                        create_defaults={"size": 1},
                        fields={"name": Field(update=PUT), "size": Field(update=PUT), "shine": Field(update="polish"),
                                "colour": Field()})
    polished_with: List[Any] = []

    def apply_polish(self, resource: Dict[str, Any], plan: Any) -> None:
        Widget.polished_with.append([change.path for change in plan.changes])
        self.client.request("POST", self.item_path(resource["id"]) + "/polish", body={"shine": self.params["shine"]})


OPTIONS = {"name": {}, "size": {"type": "int"}, "shine": {}, "colour": {}}


def params(**given: Any) -> Dict[str, Any]:
    values = {name: option.get("default") for name, option in module_argument_spec(Widget.spec, OPTIONS).items()}
    values.update(given)
    return values


def run(task: Task) -> Dict[str, Any]:
    with pytest.raises(Exited):
        task.run()
    return task.module.exited


WIDGET = {"id": "w-1", "name": "a", "size": 2, "shine": "dull", "colour": "red"}


def test_check_mode_reports_the_plan_and_writes_nothing() -> None:
    client = FakeClient([WIDGET])
    result = run(Widget(FakeModule(params(name="a", size=3, shine="bright"), check_mode=True), client))
    assert client.writes() == []
    assert result["changed"] is True and result["widget"]["size"] == 3 and result["widget"]["shine"] == "bright"
    assert result["diff"] == {"before": {"name": "a", "size": 2, "shine": "dull", "colour": "red"},
                              "after": {"name": "a", "size": 3, "shine": "bright", "colour": "red"}}


def test_the_real_run_applies_the_plan_and_reports_what_check_mode_predicted() -> None:
    predicted = run(Widget(FakeModule(params(name="a", size=3, shine="bright"), check_mode=True),
                           FakeClient([WIDGET])))
    client = FakeClient([WIDGET])
    Widget.polished_with = []
    result = run(Widget(FakeModule(params(name="a", size=3, shine="bright")), client))
    assert [(m, p.rsplit("/", 1)[-1]) for m, p, _b in client.writes()] == [("PUT", "w-1"), ("POST", "polish")]
    assert Widget.polished_with == [["size", "shine"]]  # the action reads the plan's changes
    assert result["diff"] == predicted["diff"] and result["changed"] is True


def test_a_plan_without_changes_is_not_applied() -> None:
    client = FakeClient([WIDGET])
    widget = Widget(FakeModule(params(name="a", size=2)), client)
    plan = widget.plan(widget.find())
    assert plan.operation == "update" and not plan.changed
    result = run(Widget(FakeModule(params(name="a", size=2)), client))
    assert result["changed"] is False and client.writes() == []


def test_an_immutable_change_fails_while_planning() -> None:
    client = FakeClient([WIDGET])
    result = run(Widget(FakeModule(params(name="a", colour="blue")), client))
    assert result["failed"] and "colour cannot be changed after creation" in result["msg"]
    assert result["msg"].startswith("Updating widget 'a': ") and client.writes() == []


def test_create_and_delete_plans() -> None:
    client = FakeClient()
    widget = Widget(FakeModule(params(name="b", size=5)), client)
    plan = widget.plan(None)
    assert plan.operation == "create" and plan.body == {"name": "b", "size": 5} and plan.predicted["size"] == 5
    assert client.writes() == []
    outcome = widget.apply(plan)
    assert outcome.resource["id"] == "w-1" and client.widgets["w-1"]["size"] == 5
    gone = Widget(FakeModule(params(name="b", state="absent")), client)
    plan = gone.plan(gone.find())
    assert plan.operation == "delete" and plan.changed
    gone.apply(plan)
    assert client.widgets == {}
    assert not Widget(FakeModule(params(name="b", state="absent")), client).plan(None).changed


class Widgets(ResourceSet):
    member_class = Widget
    items_option = "items"


def set_params(items: List[Dict[str, Any]], **given: Any) -> Dict[str, Any]:
    return params(items=items, **given)


def test_a_set_plans_every_member_before_its_first_write() -> None:
    client = FakeClient([WIDGET, dict(WIDGET, id="w-2", name="b")])
    items = [{"name": "a", "size": 9}, {"name": "b", "colour": "blue"}]
    result = run(Widgets(FakeModule(set_params(items)), client))
    assert result["failed"] and "colour cannot be changed" in result["msg"]
    assert client.writes() == []  # a's update was planned, never sent


def test_a_set_reports_its_members_in_order_with_diffs_by_name() -> None:
    client = FakeClient([WIDGET])
    items = [{"name": "c", "size": 4}, {"name": "a", "size": 3}]
    result = run(Widgets(FakeModule(set_params(items)), client))
    assert result["changed"] and [w["name"] for w in result["widgets"]] == ["c", "a"]
    assert result["diff"]["before"] == {"c": {}, "a": {"name": "a", "size": 2, "shine": "dull", "colour": "red"}}
    assert result["diff"]["after"]["c"]["size"] == 4 and result["diff"]["after"]["a"]["size"] == 3
    # the update first, the create after every other write
    assert [m for m, _p, _b in client.writes()] == ["PUT", "POST"]


def test_a_set_finds_a_member_with_an_id_by_its_id_in_the_one_list_call() -> None:
    client = FakeClient([WIDGET, dict(WIDGET, id="w-2", name="b")])
    items = [{"id": "w-2", "name": "renamed"}, {"id": "w-1"}]
    result = run(Widgets(FakeModule(set_params(items)), client))
    # one list call finds both, then the one write
    assert [(m, p.rsplit("/", 1)[-1]) for m, p, _b in client.calls[:2]] == [("GET", "widgets"), ("PUT", "w-2")]
    assert client.widgets["w-2"]["name"] == "renamed" and client.widgets["w-1"]["name"] == "a"
    # a member is known by its name, by its id when it has none
    assert set(result["diff"]["before"]) == {"renamed", "w-1"}
    assert result["summary"][0] == "widgets: 1 updated, 1 unchanged"


def test_a_set_member_whose_id_is_not_there_fails_before_any_write_unless_deleting() -> None:
    client = FakeClient([WIDGET])
    result = run(Widgets(FakeModule(set_params([{"name": "new", "size": 2}, {"id": "w-9"}])), client))
    assert result["failed"] and "There is no widget with id w-9" in result["msg"] and client.writes() == []
    result = run(Widgets(FakeModule(set_params([{"id": "w-9"}, {"id": "w-1"}], state="absent")), client))
    assert result["changed"] and client.widgets == {} and result["widgets"] == [{}, {}]


class PartWidget(Widget):
    """A widget of a part named by its item (as a policy names its user group): the part "new" does not exist."""

    def resolve(self) -> None:
        if self.params.get("colour") == "new":
            raise MissingParent("colour", "There is no part 'new'.", "part 'new'")


class PartWidgets(Widgets):
    member_class = PartWidget


def test_a_set_plans_a_member_whose_parent_is_only_planned_as_a_create_in_check_mode_only() -> None:
    client = FakeClient([WIDGET])
    items = [{"name": "a", "size": 2}, {"name": "b", "size": 1, "colour": "new"}]
    result = run(PartWidgets(FakeModule(set_params(items), check_mode=True), client))
    assert result["created"] == ["b"] and result["updated"] == [] and client.writes() == []
    assert result["planned_parent"].startswith("part 'new' (not found")
    result = run(PartWidgets(FakeModule(set_params(items)), client))
    assert result["failed"] and "There is no part 'new'" in result["msg"] and client.writes() == []


@pytest.mark.parametrize("items, message", [
    ([], "items: list at least one widget."),
    ([{"name": "a"}, {"name": "a"}], "items: each widget needs its own name; repeated: a."),
    ([{"id": "w-1"}, {"id": "w-1", "name": "b"}], "items: each widget needs its own id; repeated: w-1."),
])
def test_a_set_refuses_an_empty_or_repeated_list_before_any_call(items: List[Dict[str, Any]], message: str) -> None:
    client = FakeClient([WIDGET])
    result = run(Widgets(FakeModule(set_params(items)), client))
    assert result["failed"] and result["msg"] == message and client.calls == []


def test_one_failure_handling_for_every_task() -> None:
    class Failing(Task):
        def describe(self) -> str:
            return "the thing"

        def find(self) -> None:
            raise HwcError("it broke")

    module = FakeModule({})
    with pytest.raises(Exited):
        Failing(module, client=FakeClient()).run()
    assert module.exited["msg"] == "Looking up the thing: it broke" and module.exited["failed"]

    class Invalid(Failing):
        def validate(self) -> None:
            raise ValidationError("size", "is too big.")

    with pytest.raises(Exited):
        Invalid(module, client=FakeClient()).run()
    assert module.exited["msg"] == "size: is too big."


def test_changes_are_compared_once_per_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    client = FakeClient([WIDGET])
    widget = Widget(FakeModule(params(name="a", shine="bright")), client)
    plan = widget.plan(widget.find())
    monkeypatch.setattr(compare, "changes", lambda *args: pytest.fail("compared again while applying"))
    widget.apply(plan)
    assert client.widgets["w-1"]["shine"] == "bright"
