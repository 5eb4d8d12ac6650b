"""The browser tests launch Debian's Chromium by path: skipped locally without it, failed in CI."""

import pytest

from tests.browser.chromium import chromium_path


def test_missing_chromium_skips_locally_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found at .*CHROMIUM_PATH"):
        chromium_path()


def test_missing_chromium_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
        chromium_path()


def test_a_file_that_cannot_run_is_not_a_browser(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("not a browser")
    monkeypatch.setenv("CHROMIUM_PATH", str(fake))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        chromium_path()


def test_chromium_path_comes_from_the_environment(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM_PATH", str(fake))
    assert chromium_path() == str(fake)
