"""Facebook's Graph API, Zalo's OA and OAuth APIs and Telegram's Bot API, on 127.0.0.1.

Each answers as its documentation says, success by default; a test queues the
answers it wants (errors included) for a path, and reads back every request.
A queued ``Fault`` reads the request and then gives no answer: the connection
is closed, reset or left hanging, and the post was made or not before that.
The Page's posts and the OA's articles made so far are listed as the APIs
list them, so a poster can look for a post whose answer it lost.
"""

import datetime
import json
import os
import socket
import struct
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    headers: dict
    form: dict
    body: dict
    query: dict = field(default_factory=dict)
    method: str = "POST"


@dataclass
class Fault:
    """No answer: "close" unanswered, "reset" (RST) or "hang" for ``seconds``.

    ``published``: the post was made before the connection went.
    """

    kind: str
    published: bool = True
    seconds: float = 30


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
        self.queued: dict[str, list] = {}
        self.page_posts: list[dict] = []  # the Facebook Page's, newest last
        self.articles: list[dict] = []  # the Zalo OA's, newest last
        self.release = threading.Event()  # ends every hanging fault
        apis = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path, _, query = self.path.partition("?")
                query = dict(urllib.parse.parse_qsl(query))
                headers = {name.lower(): value for name, value in self.headers.items()}
                apis.requests.append(Request(path, headers, {}, {}, query, "GET"))
                queue = apis.queued.get(path)
                status, answer = queue.pop(0) if queue else apis.listing(path, query)
                self.answer(status, answer)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                kind = self.headers.get("Content-Type", "")
                form = dict(urllib.parse.parse_qsl(raw)) if "urlencoded" in kind else {}
                body = json.loads(raw) if "json" in kind else {}
                headers = {name.lower(): value for name, value in self.headers.items()}
                request = Request(self.path, headers, form, body)
                apis.requests.append(request)
                if delay:
                    time.sleep(delay)  # answers after the poster stops waiting
                queue = apis.queued.get(self.path)
                queued = queue.pop(0) if queue else default_answer(self.path)
                if isinstance(queued, Fault):
                    if queued.published:
                        apis.publish(request, default_answer(self.path)[1])
                    self.fail(queued)
                    return
                status, answer = queued
                if status == 200 and not answer.get("error"):
                    apis.publish(request, answer)
                self.answer(status, answer)

            def answer(self, status, answer):
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def fail(self, fault):
                if fault.kind == "hang":
                    apis.release.wait(fault.seconds)
                if fault.kind == "reset":  # close at once with a RST, not a FIN
                    linger = struct.pack("ii", 1, 0)
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, linger
                    )
                    os.close(self.connection.detach())
                self.close_connection = True

            def log_message(self, *arguments):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a poster killed mid-request leaves a broken pipe: expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, request: Request, answer: dict) -> None:
        """Keep a post the API made, so that its list shows it."""
        now = datetime.datetime.now(datetime.UTC)
        if request.path.endswith("/feed"):
            self.page_posts.append({
                "id": answer.get("id", ""),
                "created_time": now.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "attachments": {"data": [{
                    "unshimmed_url": request.form["link"],
                    "url": "https://l.facebook.com/l.php?u="
                    + urllib.parse.quote(request.form["link"], safe=""),
                }]},
            })  # fmt: skip
        elif request.path.endswith("/article/create"):
            self.articles.append({
                "id": f"article-{len(self.articles) + 1}",
                "title": request.body["title"],
                "body": request.body["body"],
                "create_date": int(now.timestamp() * 1000),
            })  # fmt: skip

    def listing(self, path: str, query: dict) -> tuple[int, dict]:
        """The Page's posts, an OA's slice of articles or one article, newest first."""
        if path.startswith("/fb/") and path.endswith("/posts"):
            return 200, {"data": self.page_posts[::-1]}
        if path == "/zalo/v2.0/article/getslice":
            offset, limit = int(query["offset"]), int(query["limit"])
            medias = [
                {key: article[key] for key in ("id", "title", "create_date")}
                for article in self.articles[::-1][offset : offset + limit]
            ]
            data = {"medias": medias, "total": len(self.articles)}
            return 200, {"error": 0, "message": "Success", "data": data}
        if path == "/zalo/v2.0/article/getdetail":
            for article in self.articles:
                if article["id"] == query["id"]:
                    return 200, {"error": 0, "message": "Success", "data": article}
            return 200, {"error": -201, "message": "Article not found"}
        return 404, {}

    def queue(self, path: str, *answers) -> None:
        self.queued.setdefault(path, []).extend(answers)

    def to(self, prefix: str, method: str = "POST") -> list[Request]:
        return [
            request
            for request in self.requests
            if request.path.startswith(prefix) and request.method == method
        ]

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
