"""Find Debian's Chromium for the browser tests; never download a browser."""

import os
from pathlib import Path

import pytest

# Launch flags for a container without a display, a sandbox or a network worth phoning home to.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def in_ci() -> bool:
    """Return whether this run is CI's (CI=true), where a skipped browser test is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str:
    """Return the Chromium to launch; skip locally when it is missing, fail in CI."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        message = (
            f"Chromium not found at {path}: install Debian's chromium package "
            "or set CHROMIUM_PATH (browser tests never download a browser)"
        )
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path
