"""Benchmark production serving: seed 10,000 terms, start gunicorn, drive wrk, print a table.

Run with `make bench` (see README). Needs PostgreSQL and Debian's `wrk`; it drops and recreates
its own database (glossary_bench by default) and writes the table to docs/benchmarks.md.
"""

import argparse
import datetime
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tools.local_site import ROOT, LocalServer, RedisServer, manage

BIN = Path(sys.executable).parent
TERM_PATH = "/glossary/neural-token-routing/"
INDEX_PATH = "/glossary/"
LETTER_PATH = "/glossary/letter/m/"
CEILING_PATH = "/static/bench/ceiling.html"
# The embed script's index of every published term, against a static copy of its own size.
EMBED_INDEX_PATH = "/glossary/embed/terms.json"
EMBED_CEILING_PATH = "/static/bench/embed-index.json"
MEMORY_TARGET_MB = 120
CPU_TARGET_MS = 7
CPU_ROW = "uncached term page, CPU ms in process"

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

NONSENSE_SCRIPT = """
function init(args)
  statuses = {}
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end
local function word(length)
  local letters = {}
  for i = 1, length do letters[i] = string.char(math.random(97, 122)) end
  return table.concat(letters)
end
function request()
  return wrk.format(nil, wrk.path .. word(math.random(4, 9)) .. "+" .. word(math.random(4, 9)))
end
"""


# Gives every request its own random query string: junk parameters on cached pages, and one
# request in ten a search for a random word (each a page of its own, rendered).
RANDOM_PARAMETERS_SCRIPT = """
local counter = 0
function init(args)
  statuses = {}
  -- Each wrk thread has its own Lua state: seed from the address of a fresh table.
  math.randomseed(os.time() + tonumber(string.match(tostring({}), "%x+$"), 16) % 1000003)
end
function request()
  counter = counter + 1
  local junk = string.format("utm_source=%d&ref=%x", math.random(1e9), math.random(1e9))
  if SEARCHES and counter % 10 == 0 then
    return wrk.format(nil, string.format("/glossary/search/?q=w%x&%s", math.random(1e9), junk))
  elseif counter % 2 == 0 then
    return wrk.format(nil, "@TERM@?" .. junk)
  end
  return wrk.format(nil, "@INDEX@?" .. junk)
end
"""

RANDOM_SCRIPT = RANDOM_PARAMETERS_SCRIPT.replace("@TERM@", TERM_PATH).replace("@INDEX@", INDEX_PATH)


# Each server is a gunicorn of its own, started with the page cache and Redis set as named.
CACHE_ON = "page cache on"
SUBSCRIBE = "version watch subscribe"  # with --redis-url only
STOPPED = "Redis stopped during the run"  # on a redis-server of the benchmark's own
CACHE_OFF = "page cache off"

# Every row compares with the ceiling of its own server: the machine may have slowed down by
# the time a later server runs (shared or burstable CPUs do).
CEILING = "static file, same size (ceiling)"
CEILING_SUBSCRIBED = "static file, same size (ceiling of the server with version watch subscribe)"
CEILING_UNCACHED = "static file, same size (ceiling of the server with page cache off)"
CEILING_STOPPED = "static file, same size (ceiling of the server whose Redis is stopped)"
EMBED_CEILING = "static file, JSON index's size (its ceiling)"
UNCACHED = "term page, page cache off"
REDIS_STOPPED = "term page, Redis stopped during the run"


@dataclass(frozen=True)
class Row:
    """A row of the table: the page wrk asks for, on which server, against which ceiling."""

    name: str
    path: str
    server: str
    ceiling: str  # the row of the static file this one is compared with (itself for a ceiling)
    target: float = 0  # the least share of its ceiling the issues ask for (0: none)
    script: str = ""  # Lua that makes each request: random words or parameters
    expected: int = 200
    revalidates: bool = False  # sends If-None-Match with the page's ETag (no row without one)


# The table, in the order it is printed.
ROWS = [
    Row("term page, cached", TERM_PATH, CACHE_ON, CEILING, target=0.80),
    Row("term page, cached, version watch subscribe", TERM_PATH, SUBSCRIBE, CEILING_SUBSCRIBED,
        target=0.80),
    # Issue 16 asks for 0.12, from about 0.05; the 0.35 asked for before was out of reach.
    Row(UNCACHED, TERM_PATH, CACHE_OFF, CEILING_UNCACHED, target=0.12),
    Row(REDIS_STOPPED, TERM_PATH, STOPPED, CEILING_STOPPED),
    Row("index", INDEX_PATH, CACHE_ON, CEILING),
    Row("letter page", LETTER_PATH, CACHE_ON, CEILING),
    Row("search, typo query", "/glossary/search/?q=varitional+embeding", CACHE_ON, CEILING),
    # Two random words per request: each search finds nothing, misses the page cache and asks
    # for "Did you mean" suggestions.
    Row("search, random nonsense (never cached)", "/glossary/search/?q=", CACHE_ON, CEILING,
        script=NONSENSE_SCRIPT),
    Row("term page and index, random query parameters", TERM_PATH, CACHE_ON, CEILING,
        script=RANDOM_SCRIPT),
    Row("term page, 304 revalidation", TERM_PATH, CACHE_ON, CEILING, expected=304,
        revalidates=True),
    Row("term's .md twin, cached", "/glossary/neural-token-routing.md", CACHE_ON, CEILING,
        target=0.80),
    Row("embed JSON index, cached", EMBED_INDEX_PATH, CACHE_ON, EMBED_CEILING, target=0.80),
    # The least a Django response costs here: a tiny view through every middleware.
    Row("robots.txt, page cache off (smallest Django page)", "/robots.txt", CACHE_OFF,
        CEILING_UNCACHED),
    Row(CEILING, CEILING_PATH, CACHE_ON, CEILING),
    Row(CEILING_SUBSCRIBED, CEILING_PATH, SUBSCRIBE, CEILING_SUBSCRIBED),
    Row(CEILING_UNCACHED, CEILING_PATH, CACHE_OFF, CEILING_UNCACHED),
    Row(CEILING_STOPPED, CEILING_PATH, STOPPED, CEILING_STOPPED),
    Row(EMBED_CEILING, EMBED_CEILING_PATH, CACHE_ON, EMBED_CEILING),
]  # fmt: skip
ROW = {row.name: row for row in ROWS}


@dataclass
class Result:
    """The figures of one wrk run of a row (or, in the table, its median run)."""

    name: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    unexpected: int


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
                    # A fresh, empty Redis each time: warm it (each worker caches again).
                    redis.start()
                    self.wrk(server, row, n, max(3, self.args.warmup // 2))
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
        super().__init__([*command, "--bind", "127.0.0.1:{port}"], env, "/healthz", log)

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


def median_result(runs: list[Result]) -> Result:
    """Return the run with the median req/s, counting the unexpected responses of all runs."""
    median = sorted(runs, key=lambda result: result.requests_per_second)[len(runs) // 2]
    return replace(median, unexpected=sum(result.unexpected for result in runs))


def ceiling_for(results: list[Result], result: Result) -> float:
    """Return the ceiling measured by the same server as `result`, at its connections."""
    ceiling = ROW[result.name].ceiling
    return next(
        other.requests_per_second
        for other in results
        if other.name == ceiling and other.connections == result.connections
    )


def format_result(result: Result, ceiling: float | None) -> str:
    ratio = f"{result.requests_per_second / ceiling:.0%}" if ceiling else ""
    return (
        f"| {result.name} | {result.connections} | {result.requests_per_second:,.0f} | "
        f"{result.p50_ms:.1f} | {result.p99_ms:.1f} | {result.unexpected} | {ratio} |"
    )


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


def gunicorn_threads(env: dict[str, str]) -> str:
    """Return the worker class and threads gunicorn.conf.py sets with `env`."""
    code = "import runpy; v = runpy.run_path('gunicorn.conf.py'); print(v['worker_class'], v['threads'])"  # noqa: E501
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    worker_class, threads = output.split()
    return f"{worker_class}, {threads} threads"


def render_report(bench: Bench, results: list[Result]) -> str:
    args, sizes, load = bench.args, bench.sizes, bench.load
    workers = "; ".join(f"{server}: {len(peaks)}" for server, peaks in bench.memory.items()
                        if "after" not in server)  # fmt: skip
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); see the README's benchmark section.",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}",
        f"- Machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        f"- Data: {args.terms:,} synthetic terms on PostgreSQL "
        f"(seeded in {bench.seed_seconds:.1f} s)",
        f"- Server: `gunicorn -c gunicorn.conf.py glossary.wsgi` ({gunicorn_threads(bench.env)}), "
        f"DEBUG off, cache: "
        + ("Redis" if args.redis_url else "local memory per worker")
        + f"; workers counted while each server ran: {workers}",
        f"- Load: wrk, 2 threads, on the same machine as the server (wrk takes CPU from it); "
        f"each row warmed for {args.warmup + 3} s, then measured {args.rounds} times for "
        f"{args.duration} s in rounds that interleave the rows; the table shows each row's "
        "median run, and non-2xx sums all runs",
        f"- Load average (1 min) before the run {load[0]:.1f}, at its end {load[1]:.1f} (its "
        "own load included); a high figure before means other processes shared the CPU",
        f"- Term page {sizes[TERM_PATH]:,} bytes (the ceiling serves a copy of it from "
        f"`{CEILING_PATH}` through WhiteNoise), letter page {sizes[LETTER_PATH]:,} bytes; "
        "no compression (wrk sends no Accept-Encoding)",
        f"- Embed JSON index {sizes[EMBED_INDEX_PATH]:,} bytes, compared with a copy of it "
        f"served from `{EMBED_CEILING_PATH}`",
        "",
        "| row | connections | req/s | p50 ms | p99 ms | non-2xx | of ceiling |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [format_result(result, ceiling_for(results, result)) for result in results]
    lines += [
        "",
        "non-2xx counts every response whose status is not the expected one (200, or 304 for "
        "the revalidation row) plus socket errors.",
    ]
    if not bench.etag:
        lines.append("The term page sent no ETag, so there is no 304 row.")
    lines += [
        "",
        "In process, no HTTP (`bench/render_cpu.py`, page cache off, each page another term):",
        "",
        "| row | pages | median CPU ms |",
        "| --- | ---: | ---: |",
        f"| {CPU_ROW} | {args.cpu_pages} | {bench.cpu_ms:.1f} |",
        "",
        "Peak memory per worker (VmHWM, MB):",
        "",
    ]
    for server, peaks in bench.memory.items():
        lines.append(f"- {server}: " + ", ".join(f"{peak:.0f}" for peak in sorted(peaks)))
    return "\n".join(lines + ["", "Targets (2 cores):", "", *targets(bench, results)]) + "\n"


def targets(bench: Bench, results: list[Result]) -> list[str]:
    """Return a line for each target of the issues, met or missed."""
    top = max(bench.connections)
    lines = []
    for result in results:
        target = ROW[result.name].target
        if target and result.connections == top:
            ratio = result.requests_per_second / ceiling_for(results, result)
            lines.append(
                f"- {result.name} ≥ {target:.0%} of ceiling at {top}: {ratio:.0%}, "
                + verdict(ratio >= target)
            )
    cpu = bench.cpu_ms
    lines.append(f"- {CPU_ROW} ≤ {CPU_TARGET_MS} ms: {cpu:.1f} ms, {verdict(cpu <= CPU_TARGET_MS)}")
    bad = sum(result.unexpected for result in results if result.connections == top)
    lines.append(f"- 0 non-2xx at {top} connections: {bad}, {verdict(not bad)}")
    stopped = {r.connections: r for r in results if r.name == REDIS_STOPPED}
    uncached = {r.connections: r.requests_per_second for r in results if r.name == UNCACHED}
    for n, result in sorted(stopped.items()):
        floor = uncached.get(n, 0)
        met = not result.unexpected and result.requests_per_second >= 0.9 * floor
        lines.append(
            f"- Redis stopped during the run, {n} connections: {result.unexpected} non-2xx, "
            f"{result.requests_per_second:,.0f} req/s against {floor:,.0f} uncached, "
            + verdict(met)
        )
    peak = max(max(peaks) for peaks in bench.memory.values())
    met = peak < MEMORY_TARGET_MB
    lines.append(f"- under {MEMORY_TARGET_MB} MB per worker: {peak:.0f} MB, {verdict(met)}")
    return lines


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
