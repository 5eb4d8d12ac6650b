"""The Nu HTML Checker (vnu-jar from npm, run with Java) finds no errors on the public pages."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tools.local_site import SEED_PAGES

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR", settings.BASE_DIR / ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    )
)


def test_pages_have_no_html_errors(client, tmp_path):
    if not (VNU_JAR.exists() and shutil.which("java")):
        message = f"vnu.jar not found at {VNU_JAR} (npm install vnu-jar in .tools/vnu) or no java"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    call_command("loaddata", "glossary", verbosity=0)
    files = []
    for name, path in SEED_PAGES.items():
        page = tmp_path / f"{name}.html"
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        page.write_bytes(response.content)
        files.append(str(page))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *files], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
