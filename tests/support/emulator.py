"""The emulator as a separate process on a free loopback port, as users and CI run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any, Dict, List, Optional

from emulator import config as defaults

from .paths import REPO


class EmulatorProcess:
    """python -m emulator on 127.0.0.1, port chosen by the OS; stopped by stop() or the context manager."""

    def __init__(self, *args: str, transition_seconds: float = 0.2, env: Optional[Dict[str, str]] = None,
                 keep_output: bool = False) -> None:
        self.args = ["--port", "0", "--transition-seconds", str(transition_seconds), *args]
        self.extra_env = env
        # With --verbose the emulator logs every request on stdout: keep_output collects those lines (and drains
        # the pipe, which would otherwise fill and stop the emulator).
        self.keep_output = keep_output
        self.lines: List[str] = []
        self.process: Optional[subprocess.Popen] = None
        self.url = ""
        self.access_key = defaults.DEFAULT_ACCESS_KEY
        self.secret_key = defaults.DEFAULT_SECRET_KEY
        self.project_id = defaults.DEFAULT_PROJECT_ID
        self.region = defaults.DEFAULT_REGION

    def start(self) -> "EmulatorProcess":
        env = dict(os.environ, PYTHONUNBUFFERED="1", **(self.extra_env or {}))
        self.process = subprocess.Popen([sys.executable, "-m", "emulator", *self.args], cwd=REPO, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()  # "hwcloud.vpn emulator listening on http://127.0.0.1:PORT"
        if "listening on" not in line:
            self.stop()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        self.url = line.strip().rsplit(" ", 1)[-1]
        if self.keep_output:
            stdout = self.process.stdout
            threading.Thread(target=lambda: self.lines.extend(iter(stdout.readline, "")), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> "EmulatorProcess":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- control paths ---------------------------------------------------------------------------------

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
        return json.loads(content) if content else None

    def reset(self) -> None:
        self._control("POST", "reset")

    def requests(self) -> List[Dict[str, Any]]:
        return self._control("GET", "requests")

    def writes(self) -> List[Dict[str, Any]]:
        return [r for r in self.requests() if r.get("write")]

    def clear_requests(self) -> None:
        self._control("DELETE", "requests")

    def fixtures(self) -> Dict[str, Any]:
        return self._control("GET", "fixtures")

    def state(self) -> Dict[str, Any]:
        return self._control("GET", "state")

    def set_quota(self, **quotas: int) -> None:
        self._control("POST", "quotas", quotas)

    def set_faults(self, **settings: Any) -> None:
        """Change the fault settings of the running emulator (fault_rate, writes_only, seed...)."""
        self._control("POST", "faults", settings)

    def unbind_eip(self, eip_id: str) -> None:
        self._control("POST", f"eips/{eip_id}/unbind")

    def env(self) -> Dict[str, str]:
        """Environment variables that point the collection's modules at this emulator."""
        return {"HUAWEICLOUD_VPN_ENDPOINT": self.url, "HUAWEICLOUD_SDK_AK": self.access_key,
                "HUAWEICLOUD_SDK_SK": self.secret_key, "HUAWEICLOUD_SDK_PROJECT_ID": self.project_id,
                "HW_REGION_NAME": self.region}

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        """Let pending transitions finish (useful before asserting on final state)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if not any(r.get("_phases") for records in state.values() for r in records.values()):
                return
            time.sleep(0.05)
