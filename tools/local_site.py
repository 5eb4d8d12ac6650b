"""Run the site locally for tests, tools and the benchmark: servers, fresh processes, seed pages."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# manage.py's arguments serving the site on a LocalServer's port with Django's own server.
RUNSERVER = ("runserver", "127.0.0.1:{port}", "--noreload")

# The seed glossary's public pages, one of each kind, that every page check visits: the Nu HTML
# Checker, axe-core in light and dark, no horizontal scrolling. Add a new kind of page here.
SEED_PAGES = {
    "index": "/glossary/",
    "term": "/glossary/fine-tuning/",
    "search": "/glossary/search/?q=model",
    "search-suggestion": "/glossary/search/?q=fine-tunning",
    "letter": "/glossary/letter/f/",
    "topics": "/glossary/topics/",
    "topic": "/glossary/topics/generative-ai/",
    "404": "/glossary/missing/",
    "embed": "/glossary/embed/",
}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer in time."""


class LocalServer:
    """A server on a free port of 127.0.0.1 (`{port}` in its command), ready once it answers.

    Ready means `ready_path` answers 200, or, without one, that the port accepts connections.
    It can be stopped and started again on the same port.
    """

    def __init__(
        self,
        command: list[str],
        env: dict[str, str] | None = None,
        ready_path: str | None = "/robots.txt",
        log: Path | None = None,
        timeout: float = 60,
    ):
        self.port = free_port()
        self.command = [part.replace("{port}", str(self.port)) for part in command]
        self.env, self.ready_path, self.log, self.timeout = env, ready_path, log, timeout
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def http_url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        if self.running():
            return
        log = self.log.open("ab") if self.log else contextlib.nullcontext(subprocess.DEVNULL)
        with log as output:
            self.process = subprocess.Popen(
                self.command, env=self.env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )
        for _ in range(int(self.timeout * 10)):
            if self.answers():
                return
            if not self.running():
                break
            time.sleep(0.1)
        self.stop()
        where = f"; see {self.log}" if self.log else ""
        raise ServerDidNotStart(f"{' '.join(self.command[:3])} did not answer{where}")

    def stop(self) -> None:
        if self.running():
            self.process.terminate()
            self.process.wait(timeout=60)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def answers(self) -> bool:
        try:
            if self.ready_path is None:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            with urllib.request.urlopen(self.http_url(self.ready_path), timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


class RedisServer(LocalServer):
    """A `redis-server` of its own, empty at each start: to stop, fill and bring back."""

    def __init__(self, *options: str):
        super().__init__(
            ["redis-server", "--port", "{port}", "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", *options],
            ready_path=None,
        )  # fmt: skip
        self.url = f"redis://127.0.0.1:{self.port}/0"


def fresh_env(**env: str) -> dict[str, str]:
    """Return the environment of a fresh production process: nothing inherited but `env`."""
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "glossary.settings",
        "DJANGO_SECRET_KEY": "k" * 60,
        **env,
    }


def run_fresh(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `python args` in the project folder in a fresh environment with `env` set."""
    return subprocess.run(
        [sys.executable, *args], env=fresh_env(**env), cwd=ROOT, capture_output=True, text=True
    )


def manage(env: dict[str, str], *args: str) -> None:
    """Run `manage.py args` quietly with `env`, raising if it fails."""
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def seeded_site_env(folder: Path, **env: str) -> dict[str, str]:
    """Create a SQLite copy of the seed glossary in `folder`; return the environment serving it."""
    site_env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        **env,
    }
    manage(site_env, "migrate", "--no-input", "-v0")
    manage(site_env, "loaddata", "glossary", "-v0")
    return site_env
