"""Auto-linking: the first mention of another published term in a term's sections links to it."""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from html import escape, unescape

from django.db.models import Q, Value
from django.utils.safestring import mark_safe

from terms.content_version import versioned, versioned_in_process
from terms.markdown import render_markdown
from terms.models import Alias, Term, has_address
from terms.sections import SECTION_NAMES

# Text inside these elements is never linked: a link in a link is invalid HTML, and headings and
# code are read as labels and literals.
SKIPPED_TAGS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
WORD = re.compile(r"\w+")
WORD_CHAR = re.compile(r"\w")
# A tag of sanitized HTML (nh3's), whose attribute values are all in double quotes.
TAG = re.compile(r'(<[^>"]*(?:"[^"]*"[^>"]*)*>)')
TAG_NAME = re.compile(r"</?(\w+)")
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# A short acronym ("AI", "RAG") directly followed by a hyphen or by a word outside this list
# modifies a noun ("an AI assistant", "RAG-based answers") rather than naming the term, so it is
# not linked: what follows a name is a verb, a conjunction, a preposition or a determiner.
FUNCTION_WORDS = frozenset(
    """a about after also an and are as at be been before but by can could did do does for from
    had has have how in into is it its like may might must nor not now of on or our over
    should so than that the their then these they this those to under vs was we were when
    where which while who will with would you your""".split()  # noqa: SIM905
)
NEXT_WORD = re.compile(r"(-|\s+)(\w+)")


def link_targets() -> list[tuple[str, str]]:
    """Return (phrase, url) for every title and alias of a published term, titles first."""
    published = Term.objects.published()
    titles = published.annotate(rank=Value(0)).values_list("title", "slug", "pk", "rank").order_by()
    aliases = (
        Alias.objects.filter(term__in=published)
        .annotate(rank=Value(1))
        .values_list("name", "term__slug", "term_id", "rank")
        .order_by()
    )
    rows = titles.union(aliases, all=True).order_by("rank")
    terms = (Term(pk=pk, title=phrase, slug=slug) for phrase, slug, pk, _ in rows)
    return [(term.title, term.get_absolute_url()) for term in terms if has_address(term)]


class LinkMatcher:
    """The phrases that link to term pages, indexed by their first word.

    A dictionary rather than one big regular expression: compiling an alternation of 10,000
    titles takes a second, while this is built in milliseconds and matches in linear time.
    """

    def __init__(self, targets: Iterable[tuple[str, str]]):
        self.url_by_phrase: dict[str, str] = {}
        # Short acronyms by their key, spelled as they must appear: "AI", never "ai" or "Ai".
        self.acronyms: dict[str, str] = {}
        by_first_word: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for phrase, url in targets:
            phrase = phrase.strip()
            key = phrase.casefold()
            first_word = WORD.match(key)
            if not phrase or key in self.url_by_phrase or first_word is None:
                continue
            self.url_by_phrase[key] = url
            if is_short_acronym(phrase):
                self.acronyms[key] = phrase
            by_first_word[first_word.group()].append((len(phrase), key))
        # Longest first, so "Large Language Model" wins over "Large Language".
        self.candidates = {
            word: sorted(found, reverse=True) for word, found in by_first_word.items()
        }

    def __bool__(self) -> bool:
        return bool(self.url_by_phrase)

    def mentions(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield (start, end, url) of each mention, leftmost first and longest at each place."""
        taken_until = 0
        for word in WORD.finditer(text):
            start = word.start()
            if start < taken_until:
                continue
            for length, key in self.candidates.get(word.group().casefold(), ()):
                end = start + length
                found = text[start:end]
                if found.casefold() != key or WORD_CHAR.match(text, end):
                    continue
                acronym = self.acronyms.get(key)
                if acronym and not _stands_alone(acronym, text, start, end):
                    continue
                taken_until = end
                yield start, end, self.url_by_phrase[key]
                break


def is_short_acronym(phrase: str) -> bool:
    """Return whether `phrase` is an all-capital alias of two or three letters, like "AI"."""
    return 2 <= len(phrase) <= 3 and phrase.isalpha() and phrase.isupper()


def _stands_alone(acronym: str, text: str, start: int, end: int) -> bool:
    """Return whether `text[start:end]` is `acronym`, spelled so and naming the term itself."""
    next_word = NEXT_WORD.match(text, end)
    modifies = next_word is not None and (
        next_word.group(1) == "-" or next_word.group(2).casefold() not in FUNCTION_WORDS
    )
    return text[start:end] == acronym and not modifies


def link_matcher() -> LinkMatcher:
    """Return the matcher of the current content, built once per process and content version."""
    return versioned_in_process(
        "link-matcher", lambda: LinkMatcher(versioned("link-targets", link_targets))
    )


class Linker:
    """Link each target's first mention on one page, never the page's own term."""

    def __init__(self, targets: LinkMatcher | Iterable[tuple[str, str]], *, exclude_url: str = ""):
        self.matcher = targets if isinstance(targets, LinkMatcher) else LinkMatcher(targets)
        # The page's own URL counts as linked already: its mentions stay plain text.
        self.linked_urls: set[str] = {exclude_url}

    def link_html(self, html: str) -> str:
        """Return sanitized `html` with first mentions linked; links already made are kept.

        Sanitized HTML is split into tags and text by a regular expression rather than read by
        an HTML parser: on a term page that takes a fifth of the CPU.
        """
        if not self.matcher:
            return html
        out: list[str] = []
        open_tags: list[str] = []
        for i, part in enumerate(TAG.split(html)):
            if i % 2:
                out.append(part)
                _follow(open_tags, part)
            elif part:
                text = unescape(part)
                skipped = SKIPPED_TAGS.intersection(open_tags)
                out.append(escape(text, quote=False) if skipped else self.link_text(text))
        return "".join(out)

    def link_text(self, text: str) -> str:
        """Return plain `text` escaped, with the first mention of each unlinked target linked."""
        out, last = [], 0
        for start, end, url in self.matcher.mentions(text):
            if url in self.linked_urls:
                continue
            self.linked_urls.add(url)
            out.append(escape(text[last:start], quote=False))
            out.append(f'<a href="{escape(url)}">{escape(text[start:end], quote=False)}</a>')
            last = end
        out.append(escape(text[last:], quote=False))
        return "".join(out)


def _follow(open_tags: list[str], tag: str) -> None:
    """Update the stack of elements open before `tag` to those open after it."""
    name = TAG_NAME.match(tag)[1].lower()
    if tag.startswith("</"):
        if name in open_tags:
            # Close back to the matching start tag, as a browser would.
            del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
    elif name not in VOID_TAGS and not tag.endswith("/>"):
        open_tags.append(name)


def linked_sections(
    term: Term, targets: LinkMatcher | Iterable[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """Return (anchor, heading, html) for the term's sections, with mentions auto-linked."""
    linker = Linker(targets if term.auto_link else (), exclude_url=term.get_absolute_url())
    # Safe: render_markdown's output is sanitized and the linker escapes all the text it adds.
    return [
        (anchor, heading, mark_safe(linker.link_html(render_markdown(text))))
        for anchor, heading, text in term.sections
    ]


def terms_mentioning(term: Term) -> list[Term]:
    """Return the published terms whose pages auto-link to `term`, by its title or an alias."""
    url = term.get_absolute_url()
    names = [term.title, *term.aliases.values_list("name", flat=True)]
    mentions = Q()
    for field in SECTION_NAMES:
        for name in names:
            mentions |= Q(**{f"{field}__icontains": name})
    candidates = Term.objects.published().filter(mentions, auto_link=True).exclude(pk=term.pk)
    matcher = LinkMatcher((name, url) for name in names)
    return [
        candidate
        for candidate in candidates
        if any(f'href="{url}"' in html for _, _, html in linked_sections(candidate, matcher))
    ]
