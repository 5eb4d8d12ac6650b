"""How queries and texts are cut into folded words, and which words carry no meaning."""

import re

from terms.letters import fold

WORD = re.compile(r"\w+")
# The Snowball English stop words, the list PostgreSQL's "english" config drops.
_SNOWBALL_ENGLISH = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the
    and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_SNOWBALL_ENGLISH.split())


def folded_words(text: str) -> list[str]:
    """Return the words of `text`, without accents and case-folded."""
    return WORD.findall(fold(text))


def meaningful_words(text: str) -> list[str]:
    """Return the folded words of `text` that are not stop words (all of them if all are)."""
    words = folded_words(text)
    return [word for word in words if word not in STOP_WORDS] or words
