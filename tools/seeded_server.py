"""Run the site with the seed glossary as production would: DEBUG off, collected static files."""

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tools.local_site import ROOT, RUNSERVER, LocalServer, manage, seeded_site_env

CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


@contextlib.contextmanager
def seeded_server() -> Iterator[str]:
    """Serve a throwaway SQLite copy of the seed glossary and yield the base URL."""
    with tempfile.TemporaryDirectory() as tmp:
        env = seeded_site_env(
            Path(tmp), DJANGO_DEBUG="", DJANGO_SECRET_KEY="local-check-only-not-a-real-secret"
        )
        manage(env, "collectstatic", "--no-input", "-v0")
        with LocalServer([sys.executable, str(ROOT / "manage.py"), *RUNSERVER], env) as server:
            yield server.http_url()
