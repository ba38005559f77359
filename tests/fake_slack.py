"""A small fake of the Slack Web API on 127.0.0.1, for tests and staging.

It is a real HTTP server (the SDK's own HTTP client talks to it through `base_url`), records
every call, and answers the way Slack does: `{"ok": true, ...}` for Web API methods and a
plain `ok` for `response_url` posts. Methods listed in `failing` answer `{"ok": false}`,
which makes the SDK raise exactly as it would against Slack. `apps.connections.open` hands out
a real WebSocket on 127.0.0.1 for Socket Mode: `send_envelope` pushes an event down it and the
client's acknowledgements are recorded as "socket_ack" calls.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from websockets.sync.server import ServerConnection, serve

BOT_USER_ID = "UBOTNEWS"
BOT_ID = "BBOTNEWS"
TEAM_ID = "T0NEWS"


@dataclass
class Call:
    method: str  # "chat.postMessage", ... or "response_url"
    args: dict
    path: str
    authorization: str | None = None
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """Start with `with FakeSlack() as slack:`; point clients at `slack.api_url`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failing: set[str] = set()
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._sockets: list[ServerConnection] = []
        self._ws_server = serve(self._socket_mode, "127.0.0.1", 0, compression=None)
        self._ws_thread = threading.Thread(target=self._ws_server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL; the SDK requires the trailing slash."""
        return f"{self.base_url}/api/"

    @property
    def socket_url(self) -> str:
        return f"ws://127.0.0.1:{self._ws_server.socket.getsockname()[1]}/link"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/response/{name}"

    def __enter__(self) -> "FakeSlack":
        self._thread.start()
        self._ws_thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._ws_server.shutdown()
        self._server.shutdown()
        self._server.server_close()

    def _socket_mode(self, connection: ServerConnection) -> None:
        with self._changed:
            self._sockets.append(connection)
            self._changed.notify_all()
        for message in connection:
            self._record(Call("socket_ack", json.loads(message), "/link"))

    def send_envelope(self, envelope: dict, timeout: float = 30.0) -> None:
        """Push a Socket Mode envelope to the newest connected client."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._sockets, timeout):
                raise AssertionError("no Socket Mode client connected")
            connection = self._sockets[-1]
        connection.send(json.dumps(envelope))

    def reset(self) -> None:
        with self._changed:
            self.calls.clear()
            self.failing.clear()

    def of(self, method: str) -> list[Call]:
        with self._changed:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 60.0) -> list[Call]:
        """Block until `count` calls of `method` were recorded; fail loudly otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [call for call in self.calls if call.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [call.method for call in self.calls]
                    raise AssertionError(f"expected {count} {method} call(s) within {timeout}s; saw {seen}")
                self._changed.wait(remaining)

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _answer(self, method: str, args: dict) -> dict:
        if method in self.failing:
            return {"ok": False, "error": "fatal_error"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://newsdesk-test.slack.com/",
                "team": "Newsdesk Test",
                "user": "newsdesk",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if method == "chat.postMessage":
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"ts": ts, **args}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{int(time.time())}.{next(self._ts):06d}"}
        return {"ok": True}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                auth = self.headers.get("Authorization")
                if self.path.startswith("/api/"):
                    method = self.path[len("/api/"):].split("?", 1)[0]
                    fake._record(Call(method, args, self.path, auth))
                    self._send(200, json.dumps(fake._answer(method, args)), "application/json")
                elif self.path.startswith("/response/"):
                    fake._record(Call("response_url", args, self.path, auth))
                    failed = "response_url" in fake.failing
                    self._send(500 if failed else 200, "error" if failed else "ok", "text/plain")
                else:
                    self._send(404, "not found", "text/plain")

            def _send(self, status: int, body: str, content_type: str) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


if __name__ == "__main__":  # staging: `python tests/fake_slack.py` prints the URL and logs calls
    with FakeSlack() as slack:
        print(f"SLACK_API_URL={slack.api_url}", flush=True)
        seen = 0
        while True:
            time.sleep(0.5)
            for call in slack.calls[seen:]:
                print(json.dumps({"method": call.method, "args": call.args})[:2000], flush=True)
            seen = len(slack.calls)
