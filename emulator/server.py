"""Serving the application over HTTP on loopback, in the foreground or in a thread (tests)."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any, Iterator, Optional, Tuple

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import EmulatorApp
from .config import Config


class RequestHandler(WSGIRequestHandler):
    """Closes the connection, answering nothing, when the application drops it (fault injection)."""

    def connection_dropped(self, error: BaseException, environ: Optional[Any] = None) -> None:
        self.close_connection = True

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        if getattr(self.server, "verbose", False):
            super().log_request(code, size)


def create_server(config: Config, host: str = "127.0.0.1", port: int = 0,
                  verbose: bool = False) -> Tuple[BaseWSGIServer, EmulatorApp]:
    app = EmulatorApp(config)
    server = make_server(host, port, app, threaded=True, request_handler=RequestHandler)
    server.verbose = verbose  # type: ignore[attr-defined]
    if not verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return server, app


class BackgroundEmulator:
    """An emulator in a thread of the current process: `with BackgroundEmulator(config) as emu: emu.url`."""

    def __init__(self, config: Optional[Config] = None) -> None:
        self.server, self.app = create_server(config or Config())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll interval lets tests stop it quickly.
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> "BackgroundEmulator":
        self._thread.start()
        return self

    @contextlib.contextmanager
    def transitions_held(self) -> Iterator[None]:
        """Statuses stay as they are inside the block (a test that acts on a pending status), then go on from
        where they stopped."""
        self.app.store.hold_transitions()
        try:
            yield
        finally:
            self.app.store.resume_transitions()

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
