"""Benchmark production serving: seed 10,000 terms, start gunicorn, drive wrk, print a table.

Run with `make bench` (see README). Needs PostgreSQL and Debian's `wrk`; it drops and recreates
its own database (glossary_bench by default) and writes the table to docs/benchmarks.md.
"""

import argparse
import os
import random
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench.report import format_result, median_result, render_report
from bench.rows import (
    CACHE_OFF,
    CACHE_ON,
    CPU_ROW,
    EMBED_INDEX_PATH,
    INDEX_PATH,
    LETTER_PATH,
    NONSENSE_SEARCHES,
    RANDOM_SCRIPT,
    REDIS_STOPPED,
    ROW,
    ROWS,
    STOPPED,
    SUBSCRIBE,
    TERM_PATH,
    Result,
    Row,
)
from tools.local_site import ROOT, LocalServer, RedisServer, manage

BIN = Path(sys.executable).parent

# Counts every status per wrk thread and prints the totals and percentiles when done.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  for status, n in pairs(totals) do io.write(string.format("STATUS %d %d\\n", status, n)) end
  local e = summary.errors
  io.write(string.format("SUMMARY %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/glossary_bench"
        ),
        help="PostgreSQL database to drop, recreate and seed (default: %(default)s)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="share the cache through this Redis (its database is flushed); default: none",
    )
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per row, interleaved")
    parser.add_argument("--warmup", type=int, default=6, help="seconds of warm-up per row")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument(
        "--workers", default="", help="WEB_CONCURRENCY (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--random-requests",
        type=int,
        default=20_000,
        help="requests with random parameters before the peak memory is read",
    )
    parser.add_argument(
        "--cpu-pages", type=int, default=200, help="uncached term pages rendered in process"
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    load_before = os.getloadavg()[0]
    bench = Bench(args)
    bench.seed()
    bench.measure_render_cpu()
    bench.write_ceilings()
    bench.measure_cached_server()
    if args.redis_url:
        # The other way of learning the content version, on the same machine in the same run.
        bench.measure_server(SUBSCRIBE, {"GLOSSARY_VERSION_WATCH": "subscribe"})
    if shutil.which("redis-server"):
        bench.measure_redis_stopped()
    bench.measure_server(CACHE_OFF, {"GLOSSARY_PAGE_CACHE": "0"})
    bench.load = (load_before, os.getloadavg()[0])
    report = bench.report()
    print()
    print(report)
    Path(args.output).write_text(report)
    print(f"Written to {args.output}; logs in {bench.work}")


class Bench:
    """One run of the benchmark: its options, database, servers, and what they measured."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.connections = [int(n) for n in args.connections.split(",")]
        self.work = Path(tempfile.mkdtemp(prefix="glossary-bench-"))
        self.env = production_env(args, self.work)
        self.samples: dict[tuple[str, int], list[Result]] = defaultdict(list)
        self.memory: dict[str, list[float]] = {}  # each worker's peak, by server
        self.sizes: dict[str, int] = {}
        self.etag = None
        self.seed_seconds = self.cpu_ms = 0.0
        self.search_ms: list[float] = []  # each nonsense search, one at a time
        self.load = (0.0, 0.0)

    def seed(self) -> None:
        """Recreate the database, seed the synthetic terms and collect the static files."""
        args, env = self.args, self.env
        print(f"Recreating {safe_url(args.database_url)}, seeding {args.terms} terms …", flush=True)
        recreate_database(args.database_url)
        manage(env, "migrate", "--no-input", "-v0")
        started = time.perf_counter()
        manage(env, "seed_synthetic", "--terms", str(args.terms))
        self.seed_seconds = time.perf_counter() - started
        manage(env, "collectstatic", "--no-input", "-v0")
        if args.redis_url:
            manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    def measure_render_cpu(self) -> None:
        """Render uncached term pages in a process of their own (bench/render_cpu.py)."""
        result = subprocess.run(
            [sys.executable, "-m", "bench.render_cpu", str(self.args.cpu_pages)],
            env={**self.env, "GLOSSARY_PAGE_CACHE": "0"},
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            sys.exit(f"bench.render_cpu failed:\n{result.stderr}")
        self.cpu_ms = float(result.stdout.split()[-1])  # after the request log's lines
        print(f"{CPU_ROW}: {self.cpu_ms:.1f} ms", flush=True)

    def gunicorn(self, server: str, env: dict[str, str] | None = None) -> "Gunicorn":
        log = self.work / f"gunicorn-{server.replace(' ', '-')}.log"
        return Gunicorn({**self.env, **(env or {})}, log)

    def write_ceilings(self) -> None:
        """Save the term page and the embed index as static files for WhiteNoise to serve."""
        # WhiteNoise lists its files when it starts: the servers that measure start after this.
        with self.gunicorn(CACHE_ON) as server:
            folder = Path(self.env["DJANGO_STATIC_ROOT"]) / "bench"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "ceiling.html").write_bytes(fetch(server.http_url(TERM_PATH)).body)
            (folder / "embed-index.json").write_bytes(fetch(server.http_url(EMBED_INDEX_PATH)).body)

    def measure_cached_server(self) -> None:
        """Measure the cached server's rows, then its memory after requests of random pages."""
        with self.gunicorn(CACHE_ON) as server:
            self.etag = fetch(server.http_url(TERM_PATH)).headers.get("ETag")
            self.measure(server, CACHE_ON)
            self.sizes = {
                path: len(fetch(server.http_url(path)).body)
                for path in (TERM_PATH, LETTER_PATH, EMBED_INDEX_PATH)
            }
            self.search_ms = nonsense_search_ms(server, NONSENSE_SEARCHES)
            sent = self.random_load(server)
            self.memory[f"{CACHE_ON}, after {sent:,} more requests with random parameters"] = (
                server.peak_rss_mb()
            )

    def measure_server(self, server_name: str, env: dict[str, str]) -> None:
        """Start the server `server_name` with `env` on top and measure its rows."""
        with self.gunicorn(server_name, env) as server:
            self.measure(server, server_name)

    def measure(self, server: "Gunicorn", server_name: str) -> None:
        """Measure the rows of `server_name` at each connection count, in interleaved rounds.

        Rounds spread every row over the whole run, so a passing slowdown of the machine
        lowers them all alike; the table shows each row's median round, compared with the
        ceiling of the same server.
        """
        rows = [row for row in ROWS if row.server == server_name and row.name != REDIS_STOPPED]
        rows = [row for row in rows if self.etag or not row.revalidates]
        for row in rows:
            self.check(server, row)
            # Warm every worker and thread: a few connections first, so that each worker
            # builds its per-process state (the auto-link matcher) once, not in every thread.
            self.wrk(server, row, 5, self.args.warmup)
            self.wrk(server, row, max(self.connections), 3)
        for round_number in range(1, self.args.rounds + 1):
            for row in rows:
                for n in self.connections:
                    self.record(round_number, self.wrk_result(server, row, n))
        self.memory[server_name] = server.peak_rss_mb()

    def measure_redis_stopped(self) -> None:
        """Measure the term page while its Redis stops a third of the way through each run."""
        row = ROW[REDIS_STOPPED]
        redis = RedisServer("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru")
        with redis, self.gunicorn(STOPPED, {"REDIS_URL": redis.url}) as server:
            self.measure(server, STOPPED)
            for round_number in range(1, self.args.rounds + 1):
                for n in self.connections:
                    # A fresh, empty Redis each time, so a new content version: each worker
                    # rebuilds its auto-link matcher and caches again before the measured run.
                    redis.start()
                    self.wrk(server, row, n, self.args.warmup)
                    timer = threading.Timer(self.args.duration / 3, redis.stop)
                    timer.start()
                    result = self.wrk_result(server, row, n)
                    timer.join()
                    self.record(round_number, result)
            self.memory[STOPPED] = server.peak_rss_mb()

    def check(self, server: "Gunicorn", row: Row) -> None:
        status = fetch(server.http_url(row.path), self.headers(row)).status
        if status != row.expected:
            sys.exit(f"{row.name}: {row.path} answered {status}, not {row.expected}")

    def headers(self, row: Row) -> list[str]:
        return [f"If-None-Match: {self.etag}"] if row.revalidates else []

    def wrk(self, server: "Gunicorn", row: Row, connections: int, seconds: float) -> str:
        url = server.http_url(row.path)
        return wrk(url, connections, seconds, self.headers(row), self.work, row.script)

    def wrk_result(self, server: "Gunicorn", row: Row, connections: int) -> Result:
        output = self.wrk(server, row, connections, self.args.duration)
        return parse_wrk(row, connections, output)

    def record(self, round_number: int, result: Result) -> None:
        self.samples[(result.name, result.connections)].append(result)
        print(f"round {round_number}: {format_result(result, None)}", flush=True)

    def random_load(self, server: "Gunicorn") -> int:
        """Send at least --random-requests requests with random parameters; return how many."""
        script = "SEARCHES = true\n" + RANDOM_SCRIPT
        sent = 0
        while sent < self.args.random_requests:
            url = server.http_url(INDEX_PATH)
            output = wrk(url, max(self.connections), 5, [], self.work, script)
            summary = next(line for line in output.splitlines() if line.startswith("SUMMARY "))
            sent += int(summary.split()[1])
        return sent

    def report(self) -> str:
        results = [median_result(runs) for runs in self.samples.values()]
        order = list(ROW)
        results.sort(key=lambda result: (order.index(result.name), result.connections))
        return render_report(self, results)


def production_env(args, work: Path) -> dict[str, str]:
    """Return the environment of a production deployment without a TLS proxy in front."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "GLOSSARY_", "GUNICORN_"))
    }
    env.update(
        DATABASE_URL=args.database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PROXY_SSL_HEADER="off",
        DJANGO_STATIC_ROOT=str(work / "static"),
        GUNICORN_MAX_REQUESTS="0",  # no recycling, so peak memory is the real peak
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    if args.workers:
        env["WEB_CONCURRENCY"] = args.workers
    return env


def safe_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.hostname + f":{parts.port or 5432}"))


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database, connected to the server's postgres database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        sys.exit(f"Unexpected database name {name!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


class Gunicorn(LocalServer):
    """Run `gunicorn -c gunicorn.conf.py glossary.wsgi` on a free local port."""

    def __init__(self, env: dict[str, str], log: Path):
        command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "glossary.wsgi"]
        command += ["--bind", "127.0.0.1:{port}"]
        # The master loads Django before it answers: a while on a busy machine.
        super().__init__(command, env, "/healthz", log, timeout=120)

    def peak_rss_mb(self) -> list[float]:
        """Return each worker's peak resident memory (VmHWM) in MB."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        peaks = []
        for child in children:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return peaks


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: list[str] = ()) -> Fetched:
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Fetched(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, dict(error.headers), error.read())


def nonsense_search_ms(server: "Gunicorn", count: int) -> list[float]:
    """Return the milliseconds of `count` searches for two random words, sent one at a time.

    With no other request waiting, each time is the server's own work: wrk's rows measure
    searches queued behind each other at 16 and 64 connections.
    """
    times = []
    for _ in range(count):
        words = "+".join("".join(random.choices(string.ascii_lowercase, k=7)) for _ in "ab")
        started = time.perf_counter()
        response = fetch(server.http_url(f"/glossary/search/?q={words}"))
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            sys.exit(f"a nonsense search answered {response.status}")
    return times


def wrk(
    url: str, connections: int, seconds: float, headers: list[str], work: Path, extra: str = ""
) -> str:
    """Run wrk with the status-counting script, plus `extra` Lua (say, a request function)."""
    script = work / "count.lua"
    script.write_text(WRK_SCRIPT + extra)
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections)]
    command += ["-d", f"{seconds}s", "--timeout", "10s", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    return subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout


def parse_wrk(row: Row, connections: int, output: str) -> Result:
    """Read the figures WRK_SCRIPT printed; any status but the row's expected one counts."""
    statuses, summary = {}, None
    for line in output.splitlines():
        if line.startswith("STATUS "):
            _, status, count = line.split()
            statuses[int(status)] = int(count)
        elif line.startswith("SUMMARY "):
            summary = [int(value) for value in line.split()[1:]]
    requests, duration_us, socket_errors, p50_us, p99_us = summary
    unexpected = sum(n for status, n in statuses.items() if status != row.expected)
    return Result(
        row.name, connections, requests / (duration_us / 1e6), p50_us / 1000, p99_us / 1000,
        unexpected + socket_errors,
    )  # fmt: skip


if __name__ == "__main__":
    main()
