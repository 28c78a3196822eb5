"""as_items (plugins/filter/items.py): values as the items of a list option, in order; anything but a list of
values fails naming the filter."""

from __future__ import annotations

import sys

import pytest
from ansible.errors import AnsibleFilterError

from support.paths import collections_path

sys.path.insert(0, str(collections_path()))

from ansible_collections.hwcloud.vpn.plugins.filter.items import FilterModule  # noqa: E402

as_items = FilterModule().filters()["as_items"]


def test_each_value_becomes_an_item_in_order() -> None:
    assert as_items(["b-2", "a-1"], "id") == [{"id": "b-2"}, {"id": "a-1"}]
    assert as_items((value for value in ["x"]), "name") == [{"name": "x"}]
    assert as_items([], "id") == []


@pytest.mark.parametrize("values, key", [("abc", "id"), ({"id": "a"}, "id"), (None, "id"), (["a"], ""),
                                         (["a"], None)])
def test_anything_but_a_list_of_values_and_an_option_name_fails(values: object, key: object) -> None:
    with pytest.raises(AnsibleFilterError, match="^as_items: "):
        as_items(values, key)
