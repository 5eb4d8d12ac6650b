"""Editor text made fit to store: no controls or surrogates, sane line breaks, NFC."""

import re
import unicodedata

# Word processors paste vertical tabs and form feeds where they mean a line or page break.
PAGE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})
# A one-line field is edited in an <input>, which drops line breaks and so would glue the words.
LINE_BREAKS = re.compile("[\n\v\f\r]+")
# Controls (C0 but tab, line feed and return; DEL; C1) and surrogates, which in a Python string
# are always lone: HTML forbids the controls, XML 1.0 refuses them, UTF-8 cannot carry surrogates.
UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Return `text` without controls or surrogates, in NFC, with breaks fit for its field."""
    text = text.translate(PAGE_BREAKS) if multiline else LINE_BREAKS.sub(" ", text)
    return unicodedata.normalize("NFC", UNWANTED.sub("", text))
