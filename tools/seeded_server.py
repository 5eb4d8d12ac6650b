"""Run the site with the seed glossary as production would: DEBUG off, collected static files."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def seeded_server() -> Iterator[str]:
    """Serve a throwaway SQLite copy of the seed glossary and yield the base URL."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "DJANGO_DEBUG": "",
            "DJANGO_SECRET_KEY": "local-check-only-not-a-real-secret",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate"], ["loaddata", "glossary"], ["collectstatic"]):
            subprocess.run([*manage, *command, "--verbosity=0", *(
                ["--no-input"] if command[0] != "loaddata" else []
            )], env=env, check=True)  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"{base}/glossary/", timeout=1)
                    break
                time.sleep(0.1)
            else:
                raise SystemExit("The site did not start.")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)
