"""Write the benchmark's report: the table, the in-process row, memory and the targets."""

import datetime
import math
import os
import platform
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bench.rows import (
    CEILING_PATH,
    CPU_ROW,
    CPU_TARGET_MS,
    EMBED_CEILING_PATH,
    EMBED_INDEX_PATH,
    LETTER_PATH,
    MEMORY_TARGET_MB,
    REDIS_STOPPED,
    ROW,
    SEARCH_P95_TARGET_MS,
    SEARCH_ROW,
    TERM_PATH,
    UNCACHED,
    Result,
)
from tools.local_site import ROOT

if TYPE_CHECKING:
    from bench.run import Bench


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


def render_report(bench: "Bench", results: list[Result]) -> str:
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
        "Over HTTP with nothing else waiting (the page cache's server; each search two random "
        "words, so it finds nothing, is never cached and asks for suggestions):",
        "",
        "| row | requests | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| {SEARCH_ROW} | {len(bench.search_ms)} | {percentile(bench.search_ms, 50):.1f} | "
        f"{percentile(bench.search_ms, 95):.1f} | {max(bench.search_ms):.1f} |",
        "",
        "Peak memory per worker (VmHWM, MB):",
        "",
    ]
    for server, peaks in bench.memory.items():
        lines.append(f"- {server}: " + ", ".join(f"{peak:.0f}" for peak in sorted(peaks)))
    return "\n".join(lines + ["", "Targets (2 cores):", "", *targets(bench, results)]) + "\n"


def targets(bench: "Bench", results: list[Result]) -> list[str]:
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
    p95 = percentile(bench.search_ms, 95)
    lines.append(
        f"- {SEARCH_ROW}, p95 < {SEARCH_P95_TARGET_MS} ms: {p95:.1f} ms, "
        + verdict(p95 < SEARCH_P95_TARGET_MS)
    )
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


def percentile(values: list[float], percent: int) -> float:
    """Return the value `percent`% of `values` are at or below (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * percent / 100) - 1)]


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"
