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
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

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
    http: httpx.AsyncClient,
    mix: dict[str, list[str]],
    until: float,
    seed: int,
    latencies: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    rng = random.Random(seed)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        try:
            response = await http.get(rng.choice(mix[kind]))
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = time.perf_counter() - started
        if ok:
            latencies[kind].append(elapsed)
        else:
            errors[kind] += 1


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


async def run(url: str, clients: int, seconds: float, mix: dict[str, list[str]]) -> None:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=TIMEOUT, limits=limits) as http:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(
            *(client(http, mix, until, seed, latencies, errors) for seed in range(clients))
        )
        wall = time.monotonic() - started
    print(f"{clients} clients, {wall:.1f} s against {url}")
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
    args = parser.parse_args()
    if args.build_from_corpus or not args.db.exists():
        build_store(args.db)
    server, url = start_server(args.db, args.server_workers)
    try:
        mix = query_mix(url, random.Random(args.seed))
        if not args.no_warm_up:
            asyncio.run(warm_up(url, args.clients, mix))
        asyncio.run(run(url, args.clients, args.seconds, mix))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
