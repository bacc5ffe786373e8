"""Load on `eventwire serve`: concurrent clients sending a mix of queries to 127.0.0.1.

Starts the server itself (a subprocess on a free port of 127.0.0.1), then runs `--clients`
asyncio clients (httpx) for `--seconds`, each sending, one after another, a random query of
the mix: filtered event lists (actor, country, CAMEO family, dates, pages), aggregates
(timeline by day and week, top dyads, top actors, countries, each under a filter), event
details, and GeoJSON of a country. Prints requests per second, p50/p95/p99 latency per kind
and overall, and errors (any status but 200, or no answer within 10 s).

With `--build-from-corpus`, or when `--db` does not exist, the whole corpus of
../shared is ingested into `--db` first (about 15 minutes with 2 workers).

    python benchmarks/serve_load.py --db corpus.db [--clients 50] [--seconds 30]

Targets: p95 <= 200 ms for filtered event lists and aggregates, and 0 errors.

The clients of the timed run are plain HTTP/1.1 keep-alive connections on asyncio streams
(`--client raw`, the default): on two cores the load generator shares the machine with the
server, and httpx spends several times the server's own CPU per request, so with it the
figures measure the generator more than the server (`--client httpx` still runs it). The
CPU the server and the generator each used during the run is printed beside the latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

CORPUS = ("data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz")
WEIGHTS = {"list": 40, "aggregate": 30, "detail": 20, "geojson": 10}
TIMEOUT = 10.0


def build_store(db: Path) -> None:
    from _shared import shared_path

    corpus = shared_path(*CORPUS)
    print(f"building {db} from the whole corpus ({corpus}); this takes about 15 minutes")
    command = [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db)]
    subprocess.run([*command, "--workers", "2"], check=True)


def start_server(db: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", "0"]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline() if process.stderr else ""
    if "http://127.0.0.1:" not in line:
        process.kill()
        sys.exit(f"the server did not start: {line.strip()}")
    url = line.split(" at ")[1].split()[0].rstrip("/")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/api/stats/summary", timeout=5).raise_for_status()
            return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    sys.exit("the server did not answer within 60 s")


def query_mix(url: str, rng: random.Random) -> dict[str, list[str]]:
    """URLs of each kind, drawn from what the store holds."""
    actors = [a["code"] for a in httpx.get(f"{url}/api/stats/actors?top=30", timeout=60).json()]
    countries = [c["country"] for c in httpx.get(f"{url}/api/stats/countries", timeout=60).json()]
    countries = countries[:30]
    events = httpx.get(f"{url}/api/events?limit=1000&sort=-mentions", timeout=60).json()["events"]
    years = [str(year) for year in range(2010, 2021)]
    filters = (
        [f"actor={a}" for a in actors]
        + [f"country={c}" for c in countries]
        + [f"cameo={family:02d}" for family in range(1, 21)]
        + [f"since={y}-01-01&until={y}-12-31" for y in years]
        + [f"actor={rng.choice(actors)}&cameo={rng.randint(1, 20):02d}" for _ in range(20)]
    )
    lists = [
        f"{url}/api/events?{f}&limit=50&offset={50 * rng.randint(0, 3)}&sort="
        + rng.choice(["-date", "-mentions", "date"])
        for f in filters
    ]
    kinds = ("timeline?by=week&", "timeline?by=day&", "dyads?", "actors?", "countries?")
    aggregates = [f"{url}/api/stats/{rng.choice(kinds)}{f}" for f in filters for _ in range(2)]
    return {
        "list": lists,
        "aggregate": aggregates,
        "detail": [f"{url}/api/events/{e['id']}" for e in events[:300]],
        "geojson": [f"{url}/api/events.geojson?country={c}&limit=2000" for c in countries],
    }


async def client(
    get: Callable[[str], Awaitable[bool]],
    mix: dict[str, list[str]],
    until: float,
    seed: int,
    latencies: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    """One simulated user: a random query of the mix after another until `until`; `get`
    asks for a URL and says whether the answer was a 200."""
    rng = random.Random(seed)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        ok = await get(rng.choice(mix[kind]))
        elapsed = time.perf_counter() - started
        if ok:
            latencies[kind].append(elapsed)
        else:
            errors[kind] += 1


def httpx_getter(http: httpx.AsyncClient) -> Callable[[str], Awaitable[bool]]:
    async def get(address: str) -> bool:
        try:
            return (await http.get(address)).status_code == 200
        except httpx.HTTPError:
            return False

    return get


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


async def warm_up(url: str, clients: int, mix: dict[str, list[str]]) -> None:
    """Every distinct query once, `clients` at a time: the cold figures (each answer computed
    from the store), which also leave the server's cache as a busy dashboard's would be."""
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for kind, urls in mix.items():
        for address in urls:
            queue.put_nowait((kind, address))
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)

    async def worker(http: httpx.AsyncClient) -> None:
        while not queue.empty():
            kind, address = queue.get_nowait()
            started = time.perf_counter()
            try:
                ok = (await http.get(address)).status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies[kind].append(time.perf_counter() - started)
            else:
                errors[kind] += 1

    started = time.monotonic()
    async with httpx.AsyncClient(timeout=60) as http:
        await asyncio.gather(*(worker(http) for _ in range(clients)))
    print(
        f"warm-up: {queue.qsize() + sum(map(len, mix.values()))} distinct queries, "
        f"{clients} at a time, {time.monotonic() - started:.1f} s (cold: computed from the store)"
    )
    report(latencies, errors, time.monotonic() - started)


class RawConnection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the whole answer, its status."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        fields = {}
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            fields[name.strip().lower()] = value.strip().lower()
        if b"chunked" in fields.get(b"transfer-encoding", b""):
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif b"content-length" in fields:
            await self.reader.readexactly(int(fields[b"content-length"]))
        if fields.get(b"connection") == b"close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def raw_getter(url: str, connection: RawConnection) -> Callable[[str], Awaitable[bool]]:
    async def get(address: str) -> bool:
        try:
            return await asyncio.wait_for(connection.get(address[len(url) :]), TIMEOUT) == 200
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            connection.close()  # the next query opens a fresh connection
            return False

    return get


def cpu_seconds(pid: int) -> float:
    """User and system CPU a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(
    url: str, clients: int, seconds: float, mix: dict[str, list[str]], kind: str, server: int
) -> None:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    server_before, own_before = cpu_seconds(server), time.process_time()
    started = time.monotonic()
    until = started + seconds
    if kind == "raw":
        address = urlsplit(url)
        connections = [
            RawConnection(address.hostname or "127.0.0.1", address.port or 80)
            for _ in range(clients)
        ]
        await asyncio.gather(
            *(
                client(raw_getter(url, connection), mix, until, seed, latencies, errors)
                for seed, connection in enumerate(connections)
            )
        )
        for connection in connections:
            connection.close()
    else:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(timeout=TIMEOUT, limits=limits) as http:
            await asyncio.gather(
                *(
                    client(httpx_getter(http), mix, until, seed, latencies, errors)
                    for seed in range(clients)
                )
            )
    wall = time.monotonic() - started
    server_cpu = (cpu_seconds(server) - server_before) / wall
    own_cpu = (time.process_time() - own_before) / wall
    print(
        f"{clients} clients ({kind}), {wall:.1f} s against {url}; CPU used: server "
        f"{server_cpu:.0%} of a core, load generator {own_cpu:.0%}"
    )
    report(latencies, errors, wall)
    targets = {kind: 1000 * percentile(latencies[kind], 0.95) for kind in ("list", "aggregate")}
    met = all(value <= 200 for value in targets.values()) and not sum(errors.values())
    print(
        "target p95 <= 200 ms for lists and aggregates, 0 errors: "
        + ("met" if met else "NOT met")
        + f" (list {targets['list']:.0f} ms, aggregate {targets['aggregate']:.0f} ms,"
        f" {sum(errors.values())} errors)"
    )


def report(latencies: dict[str, list[float]], errors: dict[str, int], wall: float) -> None:
    """Requests, rate, p50/p95/p99 and errors per kind of query and overall."""
    print(
        f"{'kind':<10} {'requests':>8} {'rps':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} errors"
    )
    everything: list[float] = []
    for kind in [*WEIGHTS, "all"]:
        values = everything if kind == "all" else latencies[kind]
        failed = sum(errors.values()) if kind == "all" else errors[kind]
        if kind != "all":
            everything += values
        print(
            f"{kind:<10} {len(values):>8} {len(values) / wall:>7.1f} "
            f"{1000 * percentile(values, 0.50):>7.1f} {1000 * percentile(values, 0.95):>7.1f} "
            f"{1000 * percentile(values, 0.99):>7.1f} {failed:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--build-from-corpus", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--server-workers", type=int, default=1, help="serve --workers")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="time the mix from a cold cache instead"
    )
    parser.add_argument(
        "--client", choices=("raw", "httpx"), default="raw", help="the timed run's clients"
    )
    args = parser.parse_args()
    if args.build_from_corpus or not args.db.exists():
        build_store(args.db)
    server, url = start_server(args.db, args.server_workers)
    try:
        mix = query_mix(url, random.Random(args.seed))
        if not args.no_warm_up:
            asyncio.run(warm_up(url, args.clients, mix))
        asyncio.run(run(url, args.clients, args.seconds, mix, args.client, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
