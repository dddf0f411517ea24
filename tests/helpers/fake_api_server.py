"""A fake Bot API over HTTP (stdlib only), for tests that start a real `dvcbot run` process."""
from __future__ import annotations

import json
from typing import Any

from helpers.fake_telegram import ApiCall, FakeBotApi, api_json


# --- A fake Bot API over HTTP, for a real `dvcbot run` process ------------------------------------
class FakeBotApiServer:
    """The Bot API on http://127.0.0.1:<port>/bot<token>/<method>, in a thread (stdlib only).

    Answers like `FakeBotApi` (and records into `self.api`), long-polls getUpdates with the
    Bot API's offset semantics (updates stay until a later offset acknowledges them), and
    answers 401 Unauthorized to tokens in `rejected_tokens`.

        with FakeBotApiServer() as server:
            server.add_update(update_json(message=...))
            env["DVCBOT_TELEGRAM_API_URL"] = server.base_url
            ...
            call = server.wait_for("sendMessage", timeout=30)
    """

    def __init__(self, rejected_tokens: tuple[str, ...] = (), max_poll_seconds: float = 0.5):
        import threading

        self.api = FakeBotApi()
        self.rejected_tokens = set(rejected_tokens)
        self.max_poll_seconds = max_poll_seconds
        self.pending: list[dict] = []
        self.tokens: list[str] = []
        self._cond = threading.Condition()
        self._server = None
        self._thread = None

    # -- life cycle ------------------------------------------------------------------------
    def __enter__(self) -> FakeBotApiServer:
        import threading
        from http.server import ThreadingHTTPServer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """The value for DVCBOT_TELEGRAM_API_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- scripting and inspecting ----------------------------------------------------------
    def add_update(self, update: dict) -> None:
        with self._cond:
            self.pending.append(update)
            self._cond.notify_all()

    def calls_of(self, method: str) -> list[ApiCall]:
        with self._cond:
            return self.api.calls_of(method)

    def wait_for(self, method: str, timeout: float, count: int = 1) -> ApiCall:
        """Block until `method` was called `count` times; the count-th call."""
        import time as _time

        deadline = _time.monotonic() + timeout
        with self._cond:
            while True:
                calls = self.api.calls_of(method)
                if len(calls) >= count:
                    return calls[count - 1]
                left = deadline - _time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {method} within {timeout} s; calls: "
                                         f"{[c.method for c in self.api.calls]}")
                self._cond.wait(left)

    # -- serving ---------------------------------------------------------------------------
    def _call(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        import time as _time

        with self._cond:
            self.tokens.append(token)
            if token in self.rejected_tokens:
                self.api.calls.append(ApiCall(method, params))
                self._cond.notify_all()
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            if method == "getUpdates":
                offset = int(params.get("offset") or 0)
                self.pending = [u for u in self.pending if u["update_id"] >= offset]
                if not self.pending:
                    wait = min(float(params.get("timeout") or 0), self.max_poll_seconds)
                    deadline = _time.monotonic() + wait
                    while not self.pending and _time.monotonic() < deadline:
                        self._cond.wait(deadline - _time.monotonic())
                call = ApiCall(method, params, list(self.pending))
                self.api.calls.append(call)
                self._cond.notify_all()
                return 200, {"ok": True, "result": call.result}
            call = ApiCall(method, params)
            self.api.calls.append(call)
            call.result = self.api.respond(method, params)
            self._cond.notify_all()
            return 200, {"ok": True, "result": call.result}

    def _handler_class(self):
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qsl, urlsplit

        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                self._handle()

            def do_GET(self) -> None:  # noqa: N802
                self._handle()

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                segments = parts.path.strip("/").split("/")
                if len(segments) != 2 or not segments[0].startswith("bot"):
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                token, method = segments[0][3:], segments[1]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                params: dict[str, Any] = dict(parse_qsl(parts.query))
                if "json" in (self.headers.get("Content-Type") or "") and body:
                    params.update(json.loads(body))
                elif body:
                    for key, value in parse_qsl(body, keep_blank_values=True):
                        params[key] = _maybe_json(value)
                status, payload = server._call(token, method, params)
                self._reply(status, payload)

            def _reply(self, status: int, payload: dict) -> None:
                data = api_json(payload)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (e.g. a long poll cancelled at shutdown)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

        return Handler


def _maybe_json(value: str) -> Any:
    """Form values: python-telegram-bot JSON-encodes everything but plain strings."""
    if value[:1] in "[{" or value in ("true", "false", "null") or value.lstrip("-").isdigit():
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value

