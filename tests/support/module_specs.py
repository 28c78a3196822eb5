"""The argument spec of every module, read by running its main() with AnsibleModule replaced by a recorder."""

from __future__ import annotations

import importlib
import sys
from typing import Any, Dict, Iterator, List, Tuple

from .paths import REPO, collections_path

MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if p.name != "__init__.py")
# Modules that call no API, so take no credentials and are not in the action group: they write the peers' files.
LOCAL_MODULES = ["peer_config_files"]
API_MODULES = [module for module in MODULES if module not in LOCAL_MODULES]
PACKAGE = "ansible_collections.hwcloud.vpn.plugins"


class _Captured(Exception):
    def __init__(self, argument_spec: Dict[str, Any]) -> None:
        super().__init__("captured")
        self.argument_spec = argument_spec


class _Recorder:
    def __init__(self, argument_spec: Dict[str, Any], **_kwargs: Any) -> None:
        raise _Captured(argument_spec)


def argument_spec(module: str) -> Dict[str, Any]:
    """The full argument spec hwcloud.vpn.<module> gives AnsibleModule (shared auth, wait and tag options too)."""
    if str(collections_path()) not in sys.path:
        sys.path.insert(0, str(collections_path()))
    code = importlib.import_module(f"{PACKAGE}.modules.{module}")
    patched: List[Tuple[Any, Any]] = []
    for name, loaded in list(sys.modules.items()):
        if name.startswith(PACKAGE) and hasattr(loaded, "AnsibleModule"):
            patched.append((loaded, loaded.AnsibleModule))
            loaded.AnsibleModule = _Recorder
    try:
        code.main()
    except _Captured as captured:
        return captured.argument_spec
    finally:
        for loaded, original in patched:
            loaded.AnsibleModule = original
    raise AssertionError(f"{module}.main() did not build an AnsibleModule")


def walk(spec: Dict[str, Any], prefix: str = "") -> Iterator[Tuple[str, Dict[str, Any]]]:
    """(dotted option path, its spec) for every option and sub-option; list elements are `option[]`."""
    for name, option in spec.items():
        path = prefix + name
        yield path, option
        if option.get("options"):
            nested = path + "[]" if option.get("type") == "list" else path
            yield from walk(option["options"], nested + ".")


def no_log_options(module: str) -> List[str]:
    return sorted(path for path, option in walk(argument_spec(module)) if option.get("no_log"))
