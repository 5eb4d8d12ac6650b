"""Measure the CPU an uncached term page costs, rendered in process: no HTTP, no page cache.

`python -m bench.render_cpu [pages]` prints the figure for the database of DATABASE_URL;
`make bench` runs it on its 10,000 seeded terms.
"""

import os
import statistics
import sys
import time

from django.conf import settings
from django.test import Client, override_settings


def cpu_ms_per_page(pages: int = 200) -> float:
    """Return the median CPU milliseconds of rendering one published term page, page cache off."""
    from terms.models import Term  # models load once Django is set up

    # One more term than measured warms the process (templates, the auto-link matcher); each
    # measured page is another term, so nothing rendered for one page serves the next.
    terms = Term.objects.published().order_by("title")[: pages + 1]
    paths = [term.get_absolute_url() for term in terms]
    if len(paths) < 2:
        raise ValueError("needs at least two published terms")
    client = Client()
    allowed_hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(GLOSSARY_PAGE_CACHE=False, ALLOWED_HOSTS=allowed_hosts):
        costs = [_cpu_ms(client, path) for path in paths]
    return statistics.median(costs[1:])


def _cpu_ms(client, path: str) -> float:
    started = time.process_time()
    response = client.get(path)
    cost = (time.process_time() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return cost


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glossary.settings")
    django.setup()
    print(f"{cpu_ms_per_page(int(sys.argv[1]) if len(sys.argv) > 1 else 200):.2f}")
