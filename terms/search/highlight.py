"""Search results as readers see them: the summary and the best matching passage, highlighted."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from terms.letters import fold
from terms.markdown import plain_text
from terms.models import Term
from terms.search.words import STOP_WORDS, WORD

FRAGMENT_WORDS = 30


@dataclass
class Result:
    term: Term
    summary: SafeString
    fragment: SafeString | None


def results_for(terms, query: str) -> list[Result]:
    """Return each term with its summary and best matching passage highlighted."""
    tokens = [token for token in fold(query).split() if len(token) >= 2 and token not in STOP_WORDS]
    results = []
    for term in terms:
        fragment = None
        if not _matching_word(term.summary, tokens):
            texts = [text for _, _, text in term.sections]
            texts += [f"{faq.question} {faq.answer}" for faq in term.faqs.all()]
            fragment = next(
                (
                    _fragment(plain, tokens)
                    for plain in map(plain_text, texts)
                    if _matching_word(plain, tokens)
                ),
                None,
            )
        results.append(Result(term, _highlight(term.summary, tokens), fragment))
    return results


def _word_matches(word: str, tokens: list[str]) -> bool:
    word = fold(word)
    for token in tokens:
        if word == token or (len(token) >= 3 and word.startswith(token)):
            return True
        if len(token) >= 4 and difflib.SequenceMatcher(None, word, token).ratio() >= 0.8:
            return True
    return False


def _matching_word(text: str, tokens: list[str]) -> re.Match | None:
    return next((m for m in WORD.finditer(text) if _word_matches(m.group(), tokens)), None)


def _highlight(text: str, tokens: list[str]) -> SafeString:
    """Escape `text` and wrap the words that match the query in <mark>."""
    parts, end = [], 0
    for found in WORD.finditer(text):
        if _word_matches(found.group(), tokens):
            parts.append(escape(text[end : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            end = found.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # Every piece of editor text above went through escape().


def _fragment(text: str, tokens: list[str]) -> SafeString:
    """Return about FRAGMENT_WORDS words of `text` around its first match, highlighted."""
    words = text.split()
    first = next(i for i, word in enumerate(words) if _matching_word(word, tokens))
    start = max(0, first - FRAGMENT_WORDS // 3)
    window = " ".join(words[start : start + FRAGMENT_WORDS])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + FRAGMENT_WORDS < len(words) else ""
    return mark_safe(prefix + _highlight(window, tokens) + suffix)
