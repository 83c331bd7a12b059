"""Facebook's Graph API, Zalo's OA and OAuth APIs and Telegram's Bot API, on 127.0.0.1.

Each answers as its documentation says, success by default; a test queues the
answers it wants (errors included) for a path, and reads back every request.
"""

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    headers: dict
    form: dict
    body: dict


def default_answer(path: str) -> tuple[int, dict]:
    """A successful answer, as each API documents it."""
    if path.startswith("/fb/") and path.endswith("/feed"):
        return 200, {"id": "123_456"}
    if path == "/zalo-oauth":
        return 200, {"access_token": "zalo-access", "refresh_token": "zalo-refresh-2",
                     "expires_in": "90000"}  # fmt: skip
    if path.startswith("/zalo/"):
        return 200, {"error": 0, "message": "Success", "data": {"token": "art-1",
                     "id": "article-1"}}  # fmt: skip
    if path.startswith("/tg/"):
        return 200, {"ok": True, "result": {"message_id": 7}}
    return 404, {}


class FakeApis:
    """The three APIs on one loopback server."""

    def __init__(self, delay: float = 0):
        self.requests: list[Request] = []
        self.queued: dict[str, list[tuple[int, dict]]] = {}
        apis = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                kind = self.headers.get("Content-Type", "")
                form = dict(urllib.parse.parse_qsl(raw)) if "urlencoded" in kind else {}
                body = json.loads(raw) if "json" in kind else {}
                headers = {name.lower(): value for name, value in self.headers.items()}
                apis.requests.append(Request(self.path, headers, form, body))
                if delay:
                    time.sleep(delay)  # answers after the poster stops waiting
                queue = apis.queued.get(self.path)
                status, answer = queue.pop(0) if queue else default_answer(self.path)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *arguments):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def queue(self, path: str, *answers: tuple[int, dict]) -> None:
        self.queued.setdefault(path, []).extend(answers)

    def to(self, prefix: str) -> list[Request]:
        return [request for request in self.requests if request.path.startswith(prefix)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
