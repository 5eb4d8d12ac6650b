"""Run Lighthouse (mobile) on the seed term page and print its four category scores."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.local_site import ROOT, SEED_PAGES
from tools.seeded_server import CHROME_FLAGS, seeded_server

LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main() -> int:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm install --prefix tools`.")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    path = sys.argv[1] if len(sys.argv) > 1 else SEED_PAGES["term"]
    with seeded_server() as base, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE), f"{base}{path}", "--quiet", "--output=json",
                f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            env=env, check=True,
        )  # fmt: skip
        result = json.loads(report.read_text())
    print(f"Lighthouse {result['lighthouseVersion']} (mobile) on {path}")
    below = 0
    for key in CATEGORIES:
        category = result["categories"][key]
        score = round(category["score"] * 100)
        print(f"  {category['title']:<16} {score}")
        below += score < 100
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                print(f"    - {audit['title']} ({audit['score']})")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
