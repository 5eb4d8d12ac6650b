"""Read what a page shows: its main content, its JSON-LD, its head tags."""

import json
import re
from html import unescape


def main_html(response) -> str:
    """Return the page's <main> element, with whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", html.split("<main", 1)[1].split("</main>", 1)[0])


def json_ld(response) -> list[dict]:
    """Return every JSON-LD object on the page, parsed back."""
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(script) for script in scripts]


def meta_content(response, attribute: str, name: str) -> str | None:
    """Return the content of <meta {attribute}="{name}">, unescaped."""
    found = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', response.content.decode()
    )
    return unescape(found.group(1)) if found else None


def title(response) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1))
