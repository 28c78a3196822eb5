"""What unit tests' fake clients share: the collection's Client reads (get, read) over the fake's request(), which
answers with the client's own Response."""

from __future__ import annotations

from typing import Any, Dict


class ReadsThroughRequest:
    """get and read as plugins/module_utils/client.py's Client has them, for a fake that implements request()."""

    def request(self, method: str, path: str, query: Any = None, **kwargs: Any) -> Any:
        raise NotImplementedError

    def get(self, path: str, query: Any = None) -> Dict[str, Any]:
        return self.request("GET", path, query=query).body

    def read(self, path: str, key: str, kind: type = dict, query: Any = None) -> Any:
        return self.request("GET", path, query=query).require(key, kind)
