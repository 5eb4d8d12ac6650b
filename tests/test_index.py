"""The A–Z index: letters, accent-folded order, "see" entries, topics, and pages that stay small."""

import pytest
from django.utils import timezone

from terms import index
from terms.letters import SORT_KEY_LENGTH, index_keys, index_letter, sort_key
from terms.models import Term
from tests.builders import make_alias, make_term
from tests.html import main_html

pytestmark = pytest.mark.django_db


def test_index_letter_and_sort_key_are_stored_on_save():
    term = make_term(title="Éclair")
    term.refresh_from_db()
    assert (term.index_letter, term.sort_key) == ("E", "eclair")
    term.title = "3D printing"
    term.save()
    term.refresh_from_db()
    assert term.index_letter == "0-9"


@pytest.mark.parametrize(
    ("title", "letter"),
    [("agent", "A"), ("Ölmodell", "O"), ("ﬁnetuning", "F"), ("42", "0-9"), ("#tag", "0-9"),
     ("“Quoted”", "0-9"), ("", "0-9"), ("  Zed", "Z")],
)  # fmt: skip
def test_index_letter_folds_accents_and_groups_digits_and_symbols(title, letter):
    assert index_letter(title) == letter


def test_accents_and_case_fold_in_grouping_and_order(client):
    for title in ["Edge", "éclair", "Ear", "Éclair", "apple", "Zebra", "3D printing", "#hashtag"]:
        make_term(title=title)
    html = main_html(client.get("/glossary/"))
    section_e = html.split('id="letter-e"', 1)[1].split("</section>", 1)[0]
    assert section_e.index(">Ear<") < section_e.index(">Éclair<") < section_e.index(">Edge<")
    assert ">éclair<" in section_e
    section_digits = html.split('id="letter-0-9"', 1)[1].split("</section>", 1)[0]
    assert ">3D printing<" in section_digits and ">#hashtag<" in section_digits
    assert html.index('id="letter-0-9"') < html.index('id="letter-a"') < html.index('id="letter-z"')
    assert sort_key("Éclair") == "eclair"


def test_entries_show_title_link_and_summary(client):
    term = make_term(title="Agent", summary="Software that acts on its own.")
    html = main_html(client.get("/glossary/"))
    assert f'<a href="{term.get_absolute_url()}">Agent</a>' in html
    assert "Software that acts on its own." in html


def test_letter_bar_counts_and_links_only_letters_with_terms(client):
    make_term(title="Agent")
    make_term(title="Attention")
    make_term(title="Bias")
    html = main_html(client.get("/glossary/"))
    bar = html.split('<nav class="letter-bar"', 1)[1].split("</nav>", 1)[0]
    assert (
        '<a href="#letter-a" title="2 terms">A<span class="letter-bar__count">2</span></a>' in bar
    )
    assert '<a href="#letter-b" title="1 term">B<span class="letter-bar__count">1</span></a>' in bar
    assert '<span>C<span class="letter-bar__count">0</span></span>' in bar
    assert '<span>0–9<span class="letter-bar__count">0</span></span>' in bar
    assert bar.count("<li>") == 27


def test_aliases_are_see_entries_under_their_own_letter(client):
    llm = make_term(title="Large Language Model")
    make_alias(llm, "LLM")
    html = main_html(client.get("/glossary/"))
    section_l = html.split('id="letter-l"', 1)[1].split("</section>", 1)[0]
    assert f'LLM, <em>see</em> <a href="{llm.get_absolute_url()}">Large Language Model</a>' in (
        section_l
    )
    assert section_l.index(">Large Language Model<") < section_l.index("LLM, <em>see")


def test_drafts_scheduled_terms_and_their_aliases_never_appear(client):
    draft = make_term(title="Draft term", status=Term.Status.DRAFT)
    later = make_term(title="Later term", published_at=timezone.now() + timezone.timedelta(days=1))
    make_alias(draft, "Hidden alias")
    make_term(title="Visible", tags=["Shown topic"])
    draft.tags.add("Draft topic")
    later.tags.add("Draft topic")
    html = main_html(client.get("/glossary/"))
    for hidden in ["Draft term", "Later term", "Hidden alias", "Draft topic"]:
        assert hidden not in html
    assert '<span>D<span class="letter-bar__count">0</span></span>' in html
    assert "Shown topic" in html


def test_topic_filter_links_with_counts(client):
    make_term(title="One", tags=["Generative AI", "Fundamentals"])
    make_term(title="Two", tags=["Generative AI"])
    make_term(title="Draft", tags=["Generative AI"], status=Term.Status.DRAFT)
    html = main_html(client.get("/glossary/"))
    assert (
        '<a href="/glossary/topics/generative-ai/">Generative AI</a> '
        '<span class="topic-links__count">(2)</span>'
    ) in html
    assert '<span class="topic-links__count">(1)</span>' in html


def test_empty_glossary(client):
    assert "No terms are published yet." in main_html(client.get("/glossary/"))


def test_index_query_count_does_not_grow_with_terms(client, django_assert_num_queries):
    for n in range(3):
        make_alias(make_term(title=f"Alpha {n}", tags=["T1"]), f"alias {n}")
    # +1 after any change: when the next scheduled term goes live (terms.content_version)
    with django_assert_num_queries(6) as small:
        client.get("/glossary/")
    for n in range(30):
        make_alias(make_term(title=f"Beta {n}", tags=[f"T{n}"]), f"other {n}")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/glossary/")
    assert main_html(response).count("<em>see</em>") == 33


def test_letter_page_query_count_does_not_grow(client, django_assert_num_queries):
    make_alias(make_term(title="Alpha"), "Aleph")
    with django_assert_num_queries(6) as small:
        client.get("/glossary/letter/a/")
    for n in range(20):
        make_alias(make_term(title=f"Alpha {n}"), f"Aleph {n}")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/glossary/letter/a/")


def test_letter_page_lists_that_letter_only(client):
    make_term(title="Agent")
    make_term(title="Bias")
    make_alias(make_term(title="Zero-shot"), "ZSL")
    response = client.get("/glossary/letter/a/")
    html = main_html(response)
    assert response.status_code == 200
    assert ">Agent<" in html and ">Bias<" not in html
    assert '<span aria-current="page">A<span' in html
    assert '<a href="/glossary/letter/b/" title="1 term">B' in html
    assert "ZSL" in main_html(client.get("/glossary/letter/z/"))


def test_digit_letter_page(client):
    make_term(title="3D printing")
    assert ">3D printing<" in main_html(client.get("/glossary/letter/0-9/"))


def test_empty_letter_page_says_so(client):
    make_term(title="Agent")
    response = client.get("/glossary/letter/q/")
    assert response.status_code == 200
    assert "No terms start with Q yet." in main_html(response)


BAD_LETTER_PATHS = ["letter/zz/", "letter/%C3%A9/", "letter/0/", "letter/A/", "letter/a/?page=2",
                    "letter/a/?page=x", "letter/a/?page=0"]  # fmt: skip


@pytest.mark.parametrize("path", BAD_LETTER_PATHS)
def test_unknown_letters_and_pages_are_the_sites_404(client, path):
    make_term(title="Agent")
    response = client.get(f"/glossary/{path}")
    assert response.status_code == 404
    assert "Page not found" in main_html(response)
    assert 'class="site-header"' in response.content.decode()


def test_letter_pages_split_and_keep_aliases_in_order(client, monkeypatch):
    monkeypatch.setattr(index, "PAGE_SIZE", 2)
    for title in ["Aa", "Ac", "Ae", "Ag", "Ai"]:
        make_term(title=title)
    target = make_term(title="Zed")
    for name in ["Ab", "Ad", "Af", "Aj"]:
        make_alias(target, name)
    pages = [main_html(client.get(f"/glossary/letter/a/?page={n}")) for n in (1, 2, 3)]
    names = [
        [name for name in ["Aa", "Ab", "Ac", "Ad", "Ae", "Af", "Ag", "Ai", "Aj"] if
         f">{name}<" in page or f"{name}, <em>see" in page]
        for page in pages
    ]  # fmt: skip
    assert names == [["Aa", "Ab", "Ac", "Ad"], ["Ae", "Af", "Ag"], ["Ai", "Aj"]]
    assert 'rel="next" href="?page=2"' in pages[0]
    assert "Page 2 of 3" in pages[1]
    # A glossary larger than one page: the index links to letter pages instead of listing.
    html = main_html(client.get("/glossary/"))
    assert '<a href="/glossary/letter/a/" title="5 terms">' in html
    assert "choose a letter" in html
    assert ">Ac<" not in html


def test_ten_thousand_terms_no_page_over_300_kb(client):
    words = ["agent", "bias", "corpus", "drift", "embedding", "éclair", "42", "token", "vector"]
    summary = "A one-sentence definition of this term for business readers, " * 4
    terms = []
    for n in range(10_000):
        title = f"{words[n % len(words)].title()} {n:05d} {'x' * (n % 40)}"
        terms.append(
            Term(
                title=title, slug=f"term-{n:05d}", summary=summary[:290],
                status=Term.Status.PUBLISHED, published_at=timezone.now(),
                **index_keys(title),
            )
        )  # fmt: skip
    Term.objects.bulk_create(terms, batch_size=1000)
    response = client.get("/glossary/")
    assert len(response.content) < 300_000
    assert '<a href="/glossary/letter/e/" title="2222 terms">' in response.content.decode()
    for path in ["/glossary/letter/e/", "/glossary/letter/e/?page=9", "/glossary/letter/0-9/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert len(response.content) < 300_000, path
    assert client.get("/glossary/letter/e/?page=10").status_code == 404


def test_a_sort_key_fits_its_column_when_folding_lengthens_the_name():
    term = make_term(title="ﬁ" * 200)
    assert len(term.title) == 200
    assert term.sort_key == "fi" * 100
    assert len(sort_key("ﬁ" * 200)) == SORT_KEY_LENGTH
