"""One iterator over the three list styles."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.vpn.plugins.module_utils import pagination
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError


class PagedApi:
    """Serves `items` by marker (the created_at of the last item) or by offset, recording each query."""

    def __init__(self, count, style):
        self.items = [{"id": "r%03d" % i, "created_at": "t%03d" % i} for i in range(count)]
        self.style = style
        self.queries = []

    def get(self, path, query=None):
        query = dict(query or {})
        self.queries.append(query)
        if self.style == pagination.NOT_PAGED:
            return {"things": self.items}
        limit = query["limit"]
        if self.style == pagination.MARKER:
            start = 0
            if "marker" in query:
                start = [i["created_at"] for i in self.items].index(query["marker"]) + 1
            page = self.items[start:start + limit]
            info = {"current_count": len(page)}
            if start + limit < len(self.items):
                info["next_marker"] = page[-1]["created_at"]
            return {"things": page, "page_info": info}
        page = self.items[query["offset"]:query["offset"] + limit]
        return {"things": page, "total_count": len(self.items)}


@pytest.mark.parametrize("style", [pagination.NOT_PAGED, pagination.MARKER, pagination.OFFSET])
@pytest.mark.parametrize("count", [0, 1, 9, 10, 11, 25])
def test_every_item_once_in_order(style, count):
    api = PagedApi(count, style)
    items = list(pagination.iterate(api, "/things", "things", style, {"vgw_id": "g"}, limit=10))
    assert [i["id"] for i in items] == [i["id"] for i in api.items]
    assert all(q.get("vgw_id") == "g" for q in api.queries)


def test_marker_pages_are_asked_for_with_the_previous_marker():
    api = PagedApi(25, pagination.MARKER)
    list(pagination.iterate(api, "/things", "things", pagination.MARKER, limit=10))
    assert [q.get("marker") for q in api.queries] == [None, "t009", "t019"]


def test_offset_stops_at_total_count_without_an_empty_page():
    api = PagedApi(20, pagination.OFFSET)
    list(pagination.iterate(api, "/things", "things", pagination.OFFSET, limit=10))
    assert [q["offset"] for q in api.queries] == [0, 10]


def test_a_repeated_marker_stops_instead_of_looping():
    class Stuck:
        def get(self, path, query=None):
            return {"things": [{"id": "x"}] * 10, "page_info": {"next_marker": "same"}}
    with pytest.raises(HwcError, match="marker 'same' twice"):
        list(pagination.iterate(Stuck(), "/things", "things", pagination.MARKER, limit=10))
