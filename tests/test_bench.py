"""`make bench`: one table of rows, each against its own server's ceiling, and the CPU row."""

import pytest

from bench.render_cpu import cpu_ms_per_page
from bench.report import percentile
from bench.rows import ROW, ROWS
from terms.cache import page_memory
from tests.builders import make_term


def test_each_row_is_named_once_and_compared_with_a_ceiling_of_its_own_server():
    assert len(ROW) == len(ROWS)
    for row in ROWS:
        ceiling = ROW[row.ceiling]
        assert ceiling.server == row.server, row.name
        assert ceiling.ceiling == ceiling.name, row.name
        assert 0 <= row.target < 1


@pytest.mark.django_db
def test_the_cpu_row_renders_published_term_pages_with_the_page_cache_off():
    for _ in range(3):
        make_term()
    make_term(title="Aa draft", status="draft")  # first by title, and a 404 if it were asked for
    pages_in_memory = len(page_memory)

    cpu_ms = cpu_ms_per_page(pages=2)

    assert 0 < cpu_ms < 1000
    assert len(page_memory) == pages_in_memory  # rendered afresh, never stored


def test_the_search_row_reports_the_nearest_rank_percentile():
    times = [float(ms) for ms in range(100, 0, -1)]
    assert (percentile(times, 50), percentile(times, 95), percentile([7.0], 95)) == (50, 95, 7)
