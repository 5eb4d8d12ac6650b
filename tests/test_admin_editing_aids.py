"""The admin's editing aids: the related-term picker's order, row positions, links back."""

import pytest

from tests.builders import make_alias, make_term

pytestmark = pytest.mark.django_db


def autocomplete(client, text):
    """Return the titles the related-term picker offers for `text`, in order."""
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": text,
            "app_label": "terms",
            "model_name": "relatedlink",
            "field_name": "target",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_picker_puts_exact_title_then_prefix_then_alias_then_the_rest(editor):
    make_term(title="Context Window", summary="How much a model can read; Model Con notes.")
    make_term(title="Model Context Protocol Server")
    make_term(title="Model Context Protocol")
    make_alias(make_term(title="MCP Gateway"), "Model Context Protocol gateway")
    titles = autocomplete(editor, "Model Context Protocol")
    assert titles[:3] == ["Model Context Protocol", "Model Context Protocol Server", "MCP Gateway"]


def test_picker_ranks_a_title_prefix_before_a_summary_match(editor):
    make_term(title="Context Window", summary="How much text a Model Con reads at once.")
    make_term(title="Model Context Protocol")
    assert autocomplete(editor, "Model Con") == ["Model Context Protocol", "Context Window"]


def test_picker_finds_a_term_by_its_alias(editor):
    make_alias(make_term(title="Retrieval-Augmented Generation"), "RAG")
    assert autocomplete(editor, "rag") == ["Retrieval-Augmented Generation"]
