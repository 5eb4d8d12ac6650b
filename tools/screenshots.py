"""Write the README's screenshots of the seed term page: phone and desktop, light and dark."""

import os
import subprocess

from tools.local_site import ROOT, SEED_PAGES
from tools.seeded_server import CHROME_FLAGS, seeded_server

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": "390,3000", "desktop": "1280,2100"}
# Blink's preferredColorScheme setting: 0 is dark, 1 is light.
SCHEMES = {"light": "1", "dark": "0"}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with seeded_server() as base:
        for device, size in SIZES.items():
            for scheme, value in SCHEMES.items():
                target = OUT / f"term-{device}-{scheme}.png"
                subprocess.run(
                    [
                        CHROME, *CHROME_FLAGS.split(), "--hide-scrollbars",
                        f"--window-size={size}", f"--blink-settings=preferredColorScheme={value}",
                        f"--screenshot={target}", f"{base}{SEED_PAGES['term']}",
                    ],
                    check=True, capture_output=True,
                )  # fmt: skip
                print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
