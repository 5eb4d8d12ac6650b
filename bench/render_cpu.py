"""Measure the CPU one uncached term page costs in-process: the whole Django stack, no HTTP.

`python -m bench.render_cpu` migrates the database (`--database-url`, else `DATABASE_URL`, else
a throwaway SQLite file), seeds synthetic terms when it has none, collects the static files into
a temporary folder as production serves them, and prints the median CPU milliseconds per page
of several runs. `cpu_ms_per_page()` measures in a process whose Django
is already set up with the page cache off (`GLOSSARY_PAGE_CACHE=0`).
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time

TERM_PATH = "/glossary/neural-token-routing/"
TARGET_MS = 7.0


def cpu_ms_per_page(path: str = TERM_PATH, pages: int = 200, warmup: int = 20) -> float:
    """Return the CPU milliseconds this process spends per request for `path`, page cache off.

    Requests go through the WSGI handler and every middleware, as under gunicorn; the database
    server's own work is not counted (on SQLite it is, since it runs in this process).
    """
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    if settings.GLOSSARY_PAGE_CACHE:
        raise RuntimeError("Set GLOSSARY_PAGE_CACHE=0 before Django starts: pages would be cached.")
    handler = WSGIHandler()
    factory = RequestFactory(SERVER_NAME="127.0.0.1")
    environs = [factory.get(path).environ for _ in range(warmup + pages)]

    def start_response(status, headers):
        if not status.startswith("200"):
            raise RuntimeError(f"{path} answered {status}")

    for environ in environs[:warmup]:
        b"".join(handler(environ, start_response))
    started = time.process_time()
    for environ in environs[warmup:]:
        b"".join(handler(environ, start_response))
    return (time.process_time() - started) * 1000 / pages


def set_up_django(database_url: str) -> None:
    """Start Django with production settings, the page cache off, on `database_url`."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["GLOSSARY_PAGE_CACHE"] = "0"
    os.environ["DJANGO_STATIC_ROOT"] = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glossary.settings")
    import django

    django.setup()


def prepare(terms: int) -> None:
    """Migrate, collect the static files and seed `terms` terms unless there are some."""
    from django.core.management import call_command

    from terms.models import Term

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not Term.objects.exists():
        print(f"Seeding {terms} synthetic terms …", file=sys.stderr, flush=True)
        call_command("seed_synthetic", terms=terms, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--terms", type=int, default=10_000, help="terms to seed if none")
    parser.add_argument("--path", default=TERM_PATH)
    parser.add_argument("--pages", type=int, default=200, help="pages per run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    database_url = args.database_url
    if not database_url:
        database_url = f"sqlite:///{tempfile.mkdtemp()}/render_cpu.sqlite3"
    set_up_django(database_url)
    prepare(args.terms)
    runs = [cpu_ms_per_page(args.path, args.pages) for _ in range(args.runs)]
    median = statistics.median(runs)
    each = ", ".join(f"{ms:.2f}" for ms in runs)
    verdict = "met" if median <= TARGET_MS else "missed"
    print(f"{args.path}: {median:.2f} ms CPU per uncached page (median of {each}); ", end="")
    print(f"target {TARGET_MS} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
