"""Fetching pages and feeds over HTTP(S) with httpx, politely and within limits.

Every request has a total deadline (not only per-read timeouts: a server that trickles a
byte a second must not hold a worker for ever), a size cap applied to the decoded body (so
a gzip bomb stops at the cap), few redirects, a user agent that says who is asking, and
robots.txt honoured per host. Requests to one host are limited, so a watch over many feeds
of one outlet does not hammer it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from eventwire import __version__
from eventwire.errors import EventwireError

USER_AGENT = f"eventwire/{__version__} (news event coding; +https://pypi.org/project/eventwire/)"
ROBOTS_AGENT = "eventwire"


class FetchError(EventwireError):
    """A URL could not be fetched; the message is one line naming the URL and why."""


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and how far one request may go."""

    timeout: float = 20.0  # seconds for the whole request, body included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host: int = 2  # requests at once to one host
    robots: bool = True


@dataclass(frozen=True)
class Fetched:
    """A response worth reading, or a 304 saying the cached copy still holds."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """One HTTP client shared by threads, with per-host limits and a robots.txt cache."""

    def __init__(self, limits: FetchLimits | None = None) -> None:
        self.limits = limits or FetchLimits()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.limits.timeout),
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        )
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, RobotFileParser | None] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The body of `url`, or a 304 when the validators still hold; FetchError otherwise."""
        if not is_url(url):
            raise FetchError(f"{url}: not an http(s) URL")
        if self.limits.robots and not self._allowed(url):
            raise FetchError(f"{url}: disallowed by the site's robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._slot(url):
            return self._get(url, headers)

    def _slot(self, url: str) -> threading.Semaphore:
        host = host_of(url)
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.limits.per_host)
            return self._hosts[host]

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                if response.status_code == 304:
                    return Fetched(url, final, 304)
                if response.status_code >= 400:
                    raise FetchError(
                        f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limits.max_bytes:
                    raise FetchError(f"{url}: {_size(int(declared))} is over the limit")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limits.max_bytes:
                        raise FetchError(
                            f"{url}: over {_size(limits.max_bytes)}, the limit for one response"
                        )
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline")
                return Fetched(
                    url,
                    final,
                    response.status_code,
                    bytes(body),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                )
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: too many redirects (limit {limits.max_redirects})") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: no complete answer within {limits.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: {type(error).__name__}: {error}") from None

    def _allowed(self, url: str) -> bool:
        host = host_of(url)
        with self._lock:
            known = host in self._robots
            parser = self._robots.get(host)
        if not known:
            parser = self._load_robots(host)
            with self._lock:
                self._robots[host] = parser
        return parser is None or parser.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, host: str) -> RobotFileParser | None:
        """The host's rules; none (everything allowed) when it has no readable robots.txt,
        except that a 401/403 on robots.txt itself means the site wants no robots at all."""
        parser = RobotFileParser()
        try:
            with self._slot(host):
                answer = self._get(f"{host}/robots.txt", {})
        except FetchError as error:
            if " HTTP 401" in str(error) or " HTTP 403" in str(error):
                parser.disallow_all = True
                return parser
            return None
        parser.parse(answer.content.decode("utf-8", "replace").splitlines())
        return parser


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB"


_DEFAULT: Fetcher | None = None


def default_fetcher(limits: FetchLimits | None = None) -> Fetcher:
    """The process's shared fetcher (one connection pool, one robots cache)."""
    global _DEFAULT
    if _DEFAULT is None or (limits is not None and limits != _DEFAULT.limits):
        _DEFAULT = Fetcher(limits)
    return _DEFAULT
