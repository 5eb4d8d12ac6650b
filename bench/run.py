"""Benchmark production serving: seed 10,000 terms, start gunicorn, drive wrk, print a table.

Run with `make bench` (see README). Needs PostgreSQL and Debian's `wrk`; it drops and recreates
its own database (glossary_bench by default) and writes the table to docs/benchmarks.md.
"""

import argparse
import contextlib
import datetime
import os
import platform
import secrets
import shutil
import signal
import socket
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

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TERM_PATH = "/glossary/neural-token-routing/"
MARKDOWN_TWIN = "term's .md twin, cached"
MARKDOWN_PATH = "/glossary/neural-token-routing.md"
SEARCH_PATH = "/glossary/search/?q=varitional+embeding"
# wrk appends two random words to this path for every request (NONSENSE_SCRIPT), so each
# search finds nothing, misses the page cache and asks for "Did you mean" suggestions.
NONSENSE_PATH = "/glossary/search/?q="
NONSENSE = "search, random nonsense (never cached)"
LETTER_PATH = "/glossary/letter/m/"
INDEX_PATH = "/glossary/"
CEILING_PATH = "/static/bench/ceiling.html"
CEILING = "static file, same size (ceiling)"
# The page cache is off in a second server, which gets its own ceiling: the machine may have
# slowed down by then (shared or burstable CPUs do), and rows compare with the same server.
CEILING_UNCACHED = "static file, same size (ceiling of the server with page cache off)"
# The least a Django response costs here: a tiny view through every middleware, not cached.
FLOOR_PATH = "/robots.txt"
FLOOR = "robots.txt, page cache off (smallest Django page)"
UNCACHED = "term page, page cache off"
CACHED = "term page, cached"
SUBSCRIBED = "term page, cached, version watch subscribe"
CEILING_SUBSCRIBED = "static file, same size (ceiling of the server with version watch subscribe)"
RANDOM = "term page and index, random query parameters"
REDIS_STOPPED = "term page, Redis stopped during the run"
CEILING_STOPPED = "static file, same size (ceiling of the server whose Redis is stopped)"
# The embed script's index of every published term, against a static copy of its own size.
EMBED_INDEX_PATH = "/glossary/embed/terms.json"
EMBED_INDEX = "embed JSON index, cached"
EMBED_CEILING_PATH = "/static/bench/embed-index.json"
EMBED_CEILING = "static file, JSON index's size (its ceiling)"
TARGETS = {
    CACHED: 0.80,
    SUBSCRIBED: 0.80,
    UNCACHED: 0.35,
    EMBED_INDEX: 0.80,
    MARKDOWN_TWIN: 0.80,
}
MEMORY_TARGET_MB = 120

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


@dataclass
class Row:
    name: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    unexpected: int
    ceiling: str = ""  # the name of the ceiling row measured by the same server


def main() -> None:
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
    parser.add_argument("--workers", default="", help="WEB_CONCURRENCY (default 2×cores+1)")
    parser.add_argument(
        "--random-requests",
        type=int,
        default=20_000,
        help="requests with random parameters before the peak memory is read",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    connections = [int(n) for n in args.connections.split(",")]

    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="glossary-bench-"))
    env = production_env(args, work)
    print(f"Recreating {safe_url(args.database_url)}, seeding {args.terms} terms …", flush=True)
    recreate_database(args.database_url)
    manage(env, "migrate", "--no-input", "-v0")
    started = time.perf_counter()
    manage(env, "seed_synthetic", "--terms", str(args.terms))
    seed_seconds = time.perf_counter() - started
    manage(env, "collectstatic", "--no-input", "-v0")
    if args.redis_url:
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    samples: dict[tuple[str, int], list[Row]] = defaultdict(list)
    memory = {}

    def measure(
        server: Gunicorn,
        ceiling: str,
        pages: list[tuple[str, str, list[str], int]],
        ceiling_path: str = CEILING_PATH,
    ):
        """Measure the ceiling and each page at each connection count, in interleaved rounds.

        Rounds spread every row over the whole run, so a passing slowdown of the machine
        lowers them all alike; the table shows each row's median round, compared with the
        ceiling of the same server.
        """
        pages = [(ceiling, ceiling_path, [], 200), *pages]
        for name, path, headers, expected in pages:
            status = fetch(server.url(path), headers).status
            if status != expected:
                sys.exit(f"{name}: {path} answered {status}, not {expected}")
            # Warm every worker and thread: a few connections first, so that each worker
            # builds its per-process state (the auto-link matcher) once, not in every thread.
            wrk(server.url(path), 5, args.warmup, headers, work, script_for(name))
            wrk(server.url(path), max(connections), 3, headers, work, script_for(name))
        for round_number in range(1, args.rounds + 1):
            for name, path, headers, expected in pages:
                for n in connections:
                    url = server.url(path)
                    row = wrk_row(
                        name, url, n, args.duration, headers, expected, work, script_for(name)
                    )
                    row.ceiling = ceiling
                    samples[(name, n)].append(row)
                    print(f"round {round_number}: {format_row(row, None)}", flush=True)

    def measure_redis_stopped() -> None:
        """Measure the term page while its Redis stops a third of the way through each run."""
        with RedisServer() as redis_server:
            redis_env = {**env, "REDIS_URL": redis_server.url}
            with Gunicorn(redis_env, work / "gunicorn-redis-stopped.log") as server:
                measure(server, CEILING_STOPPED, [])
                for round_number in range(1, args.rounds + 1):
                    for n in connections:
                        # A fresh, empty Redis each time: warm it (each worker caches again).
                        redis_server.start()
                        wrk(server.url(TERM_PATH), n, max(3, args.warmup // 2), [], work)
                        timer = threading.Timer(args.duration / 3, redis_server.stop)
                        timer.start()
                        url = server.url(TERM_PATH)
                        row = wrk_row(REDIS_STOPPED, url, n, args.duration, [], 200, work)
                        timer.join()
                        row.ceiling = CEILING_STOPPED
                        samples[(REDIS_STOPPED, n)].append(row)
                        print(f"round {round_number}: {format_row(row, None)}", flush=True)
                memory["Redis stopped during the run"] = server.peak_rss_mb()

    with Gunicorn(env, work / "gunicorn-cached.log") as server:
        # The ceiling is the term page itself, saved as a static file that WhiteNoise serves
        # (WhiteNoise lists its files when it starts, hence a second start below).
        ceiling = Path(env["DJANGO_STATIC_ROOT"]) / "bench" / "ceiling.html"
        ceiling.parent.mkdir(parents=True, exist_ok=True)
        ceiling.write_bytes(fetch(server.url(TERM_PATH)).body)
        ceiling.with_name("embed-index.json").write_bytes(fetch(server.url(EMBED_INDEX_PATH)).body)
    with Gunicorn(env, work / "gunicorn-cached.log") as server:
        etag = fetch(server.url(TERM_PATH)).headers.get("ETag")
        pages = [
            (CACHED, TERM_PATH, [], 200),
            (MARKDOWN_TWIN, MARKDOWN_PATH, [], 200),
            ("index", INDEX_PATH, [], 200),
            ("letter page", LETTER_PATH, [], 200),
            ("search, typo query", SEARCH_PATH, [], 200),
            (RANDOM, TERM_PATH, [], 200),
            (NONSENSE, NONSENSE_PATH, [], 200),
        ]
        if etag:
            pages.append(
                ("term page, 304 revalidation", TERM_PATH, [f"If-None-Match: {etag}"], 304)
            )
        measure(server, CEILING, pages)
        measure(
            server, EMBED_CEILING, [(EMBED_INDEX, EMBED_INDEX_PATH, [], 200)], EMBED_CEILING_PATH
        )
        memory["page cache on"] = server.peak_rss_mb()
        sizes = {
            path: len(fetch(server.url(path)).body)
            for path in (TERM_PATH, LETTER_PATH, EMBED_INDEX_PATH)
        }
        sent = random_load(server, args.random_requests, max(connections), work)
        memory[f"page cache on, after {sent:,} more requests with random parameters"] = (
            server.peak_rss_mb()
        )
    if args.redis_url:
        # The other way of learning the content version, on the same machine in the same run.
        subscribe_env = {**env, "GLOSSARY_VERSION_WATCH": "subscribe"}
        with Gunicorn(subscribe_env, work / "gunicorn-subscribe.log") as server:
            measure(server, CEILING_SUBSCRIBED, [(SUBSCRIBED, TERM_PATH, [], 200)])
            memory["version watch subscribe"] = server.peak_rss_mb()
    if shutil.which("redis-server"):
        measure_redis_stopped()
    with Gunicorn({**env, "GLOSSARY_PAGE_CACHE": "0"}, work / "gunicorn-uncached.log") as server:
        measure(
            server, CEILING_UNCACHED, [(UNCACHED, TERM_PATH, [], 200), (FLOOR, FLOOR_PATH, [], 200)]
        )
        memory["page cache off"] = server.peak_rss_mb()

    rows = [median_row(runs) for runs in samples.values()]
    load = (load_before, os.getloadavg()[0])
    report = render_report(rows, memory, sizes, seed_seconds, args, etag, load)
    print()
    print(report)
    Path(args.output).write_text(report)
    print(f"Written to {args.output}; logs in {work}")


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


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], env=env, cwd=ROOT, check=True)


class Gunicorn:
    """Run `gunicorn -c gunicorn.conf.py glossary.wsgi` on a free local port."""

    def __init__(self, env: dict[str, str], log: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log = log

    def __enter__(self) -> "Gunicorn":
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py", "glossary.wsgi"],
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.url("/healthz")).status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        sys.exit(f"gunicorn did not answer /healthz; see {self.log}")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

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


class RedisServer:
    """A `redis-server` of the benchmark's own on a free port, to stop in the middle of a run."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        sys.exit("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: list[str] = ()) -> Page:
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Page(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Page(error.code, dict(error.headers), error.read())


def script_for(name: str) -> str:
    """Return the wrk script of the row `name`: random parameters or nonsense words, else none."""
    if name == NONSENSE:
        return NONSENSE_SCRIPT
    if name != RANDOM:
        return ""
    return RANDOM_PARAMETERS_SCRIPT.replace("@TERM@", TERM_PATH).replace("@INDEX@", INDEX_PATH)


def random_load(server: "Gunicorn", requests: int, connections: int, work: Path) -> int:
    """Send at least `requests` requests with random parameters (searches too); return how many."""
    script = "SEARCHES = true\n" + script_for(RANDOM)
    sent = 0
    while sent < requests:
        output = wrk(server.url(INDEX_PATH), connections, 5, [], work, script)
        summary = next(line for line in output.splitlines() if line.startswith("SUMMARY "))
        sent += int(summary.split()[1])
    return sent


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


def wrk_row(name, url, connections, seconds, headers, expected, work, extra="") -> Row:
    output = wrk(url, connections, seconds, headers, work, extra)
    statuses, summary = {}, None
    for line in output.splitlines():
        if line.startswith("STATUS "):
            _, status, count = line.split()
            statuses[int(status)] = int(count)
        elif line.startswith("SUMMARY "):
            summary = [int(value) for value in line.split()[1:]]
    requests, duration_us, socket_errors, p50_us, p99_us = summary
    unexpected = sum(n for status, n in statuses.items() if status != expected) + socket_errors
    return Row(
        name, connections, requests / (duration_us / 1e6), p50_us / 1000, p99_us / 1000,
        unexpected,
    )  # fmt: skip


def median_row(runs: list[Row]) -> Row:
    """Return the run with the median req/s, counting the unexpected responses of all runs."""
    median = sorted(runs, key=lambda row: row.requests_per_second)[len(runs) // 2]
    return replace(median, unexpected=sum(row.unexpected for row in runs))


def ceiling_for(rows: list[Row], row: Row) -> float:
    """Return the ceiling measured by the same server as `row`, at its connections."""
    return next(
        ceiling.requests_per_second
        for ceiling in rows
        if ceiling.name == row.ceiling and ceiling.connections == row.connections
    )


def format_row(row: Row, ceiling: float | None) -> str:
    ratio = f"{row.requests_per_second / ceiling:.0%}" if ceiling else ""
    return (
        f"| {row.name} | {row.connections} | {row.requests_per_second:,.0f} | "
        f"{row.p50_ms:.1f} | {row.p99_ms:.1f} | {row.unexpected} | {ratio} |"
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


def render_report(rows, memory, sizes, seed_seconds, args, etag, load) -> str:
    order = [
        CACHED,
        SUBSCRIBED,
        UNCACHED,
        REDIS_STOPPED,
        "index",
        "letter page",
        "search, typo query",
        NONSENSE,
        RANDOM,
        "term page, 304 revalidation",
        MARKDOWN_TWIN,
        EMBED_INDEX,
        FLOOR,
        CEILING,
        CEILING_SUBSCRIBED,
        CEILING_UNCACHED,
        CEILING_STOPPED,
        EMBED_CEILING,
    ]
    rows = sorted(rows, key=lambda row: (order.index(row.name), row.connections))
    workers = args.workers or str(os.cpu_count() * 2 + 1)
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); see the README's benchmark section.",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}",
        f"- Machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        f"- Data: {args.terms:,} synthetic terms on PostgreSQL (seeded in {seed_seconds:.1f} s)",
        f"- Server: `gunicorn -c gunicorn.conf.py glossary.wsgi`, {workers} workers "
        f"(gthread, 4 threads), DEBUG off, cache: "
        + ("Redis" if args.redis_url else "local memory per worker"),
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
    for row in rows:
        lines.append(format_row(row, ceiling_for(rows, row)))
    lines += [
        "",
        "non-2xx counts every response whose status is not the expected one (200, or 304 for "
        "the revalidation row) plus socket errors.",
    ]
    if not etag:
        lines.append("The term page sent no ETag, so there is no 304 row.")
    lines += ["", "Peak memory per worker (VmHWM, MB):", ""]
    for phase, peaks in memory.items():
        lines.append(f"- {phase}: " + ", ".join(f"{peak:.0f}" for peak in sorted(peaks)))
    lines += ["", "Targets (2 cores):", ""]
    top = max(int(n) for n in args.connections.split(","))
    for name, target in TARGETS.items():
        for row in rows:
            if row.name == name and row.connections == top:
                ratio = row.requests_per_second / ceiling_for(rows, row)
                verdict = "met" if ratio >= target else "MISSED"
                lines.append(f"- {name} ≥ {target:.0%} of ceiling at {top}: {ratio:.0%}, {verdict}")
    bad = sum(row.unexpected for row in rows if row.connections == top)
    lines.append(f"- 0 non-2xx at {top} connections: {bad}, {'met' if not bad else 'MISSED'}")
    stopped = {row.connections: row for row in rows if row.name == REDIS_STOPPED}
    uncached = {row.connections: row for row in rows if row.name == UNCACHED}
    for n, row in sorted(stopped.items()):
        floor = uncached[n].requests_per_second if n in uncached else 0
        verdict = (
            "met" if not row.unexpected and row.requests_per_second >= 0.9 * floor else "MISSED"
        )
        lines.append(
            f"- Redis stopped during the run, {n} connections: {row.unexpected} non-2xx, "
            f"{row.requests_per_second:,.0f} req/s against {floor:,.0f} uncached, {verdict}"
        )
    peak = max(max(peaks) for peaks in memory.values())
    verdict = "met" if peak < MEMORY_TARGET_MB else "MISSED"
    lines.append(f"- under {MEMORY_TARGET_MB} MB per worker: {peak:.0f} MB, {verdict}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
