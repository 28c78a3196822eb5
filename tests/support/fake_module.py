"""A stand-in for AnsibleModule in unit tests that drive module_utils classes directly: the params, the check and
diff modes, and what the code under test ends with (exit_json or fail_json, which raise Exited as the real ones
end the process) and warns about."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class Exited(Exception):
    """exit_json or fail_json was called: the module's run is over."""


class FakeModule:
    def __init__(self, params: Dict[str, Any], check_mode: bool = False, diff: bool = True) -> None:
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self.exited: Optional[Dict[str, Any]] = None  # the result of exit_json or fail_json
        self.warnings: List[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def fail_json(self, **result: Any) -> None:
        self.exited = dict(result, failed=True)
        raise Exited()

    def exit_json(self, **result: Any) -> None:
        self.exited = result
        raise Exited()
