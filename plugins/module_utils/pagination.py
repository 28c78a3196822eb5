# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One iterator over the API's three list styles: not paged, limit+marker, limit+offset."""

from __future__ import annotations

from ansible_collections.hwcloud.vpn.plugins.module_utils.client import require
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import HwcError

NOT_PAGED = "none"
MARKER = "marker"
OFFSET = "offset"
MAX_PAGES = 10000


def iterate(client, path, list_key, style=NOT_PAGED, query=None, limit=200):
    """Yield every item of a list, fetching page after page as the list's style requires.

    marker: `limit` and `marker`, the next marker in page_info.next_marker; the last page is shorter than
    `limit` or has no next marker. offset: `limit` and `offset`, up to total_count when given.
    A page without the list is an error, never an empty list (it would make a module create a duplicate).
    """
    query = dict(query or {})
    if style == NOT_PAGED:
        yield from require(client.get(path, query), list_key, list, "GET", path)
        return
    marker, offset, seen_markers = None, 0, set()
    for dummy in range(MAX_PAGES):
        page_query = dict(query, limit=limit)
        if style == MARKER and marker:
            page_query["marker"] = marker
        if style == OFFSET:
            page_query["offset"] = offset
        body = client.get(path, page_query)
        items = require(body, list_key, list, "GET", path)
        yield from items
        if len(items) < limit:
            return
        if style == MARKER:
            marker = (body.get("page_info") or {}).get("next_marker")
            if not marker:
                return
            if marker in seen_markers:
                raise HwcError("The API returned the page marker %r twice for %s; stopping." % (marker, path))
            seen_markers.add(marker)
        else:
            offset += len(items)
            total = body.get("total_count")
            if total is not None and offset >= total:
                return
    raise HwcError("More than %d pages listing %s; stopping." % (MAX_PAGES, path))
