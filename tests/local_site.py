"""A small web site on 127.0.0.1 for the fetching and watch tests: pages and feeds the test
writes, and the misbehaviour real sites show (slow, failing, looping, huge, gzip), with
every request counted."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    delay: float = 0.0  # seconds before answering
    redirect: str | None = None
    gzip: bool = False
    huge: int = 0  # stream this many bytes of filler instead of `body`


@dataclass
class LocalSite:
    pages: dict[str, Page] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    posts: list[dict[str, Any]] = field(default_factory=list)
    post_failures: int = 0  # answer this many POSTs with 500 before accepting
    in_flight: int = 0
    most_in_flight: int = 0  # the most GET requests answered at once

    def start(self) -> LocalSite:
        site = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:
                with lock:
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                try:
                    self._get()
                finally:
                    with lock:
                        site.in_flight -= 1

            def _get(self) -> None:
                site.hits[self.path] += 1
                page = site.pages.get(self.path)
                if page is None:
                    self._answer(404, b"not found", "text/plain")
                    return
                if page.delay:
                    time.sleep(page.delay)
                if page.redirect:
                    self.send_response(302)
                    self.send_header("Location", page.redirect)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if page.etag and self.headers.get("If-None-Match") == page.etag:
                    site.not_modified[self.path] += 1
                    self.send_response(304)
                    self.send_header("ETag", page.etag)
                    self.end_headers()
                    return
                if page.huge:
                    self._stream_filler(page.huge)
                    return
                body = gzip.compress(page.body) if page.gzip else page.body
                extra = {"ETag": page.etag} if page.etag else {}
                if page.gzip:
                    extra["Content-Encoding"] = "gzip"
                self._answer(page.status, body, page.content_type, extra)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                if site.post_failures > 0:
                    site.post_failures -= 1
                    self._answer(500, b"try again", "text/plain")
                    return
                site.posts.append(json.loads(data))
                self._answer(200, b"ok", "text/plain")

            def _answer(
                self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _stream_filler(self, size: int) -> None:
                # No Content-Length: the client must count what arrives and stop itself.
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"filler " * 1000 + b"</p>\n"
                sent = 0
                try:
                    while sent < size:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def article_page(title: str, paragraphs: list[str], published: str = "2026-11-30") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="og:site_name" content="Local News"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def rss(site: LocalSite, title: str, items: list[tuple[str, str]], summary: str = "") -> bytes:
    """An RSS 2.0 feed whose items link to paths on `site`: (path, title) pairs, each
    with `summary` (or its title) as description."""
    entries = "".join(
        f"<item><title>{t}</title><link>{site.url(p)}</link><guid>{site.url(p)}</guid>"
        f"<description>{summary or t}</description></item>"
        for p, t in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{site.base}</link><description>{title}</description>{entries}</channel></rss>"
    ).encode()
