"""Generate at least 200 distinct XSS payloads for the injection tests."""

from urllib.parse import quote

CALL = "window.__xss=1;alert(1)"
BASES = [
    f"<script>{CALL}</script>",
    f"<img src=x onerror={CALL}>",
    f'<img src="x" onerror="{CALL}">',
    f"<svg onload={CALL}>",
    f"<svg><script>{CALL}</script></svg>",
    f"<body onload={CALL}>",
    f"<iframe src=javascript:{CALL}>",
    f'<a href="javascript:{CALL}">x</a>',
    f'<a href="data:text/html,<script>{CALL}</script>">x</a>',
    f"[x](javascript:{CALL})",
    f"![x](javascript:{CALL})",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f"<details open ontoggle={CALL}>",
    f"<input autofocus onfocus={CALL}>",
    f'"><script>{CALL}</script>',
    f"'><img src=x onerror={CALL}>",
    f"<scr<script>ipt>{CALL}</script>",
    f"<<script>{CALL}//<</script>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={CALL}>",
    f"<object data=javascript:{CALL}>",
    f"<embed src=javascript:{CALL}>",
    f"<style>@import 'javascript:{CALL}';</style>",
    f'<div style="background:url(javascript:{CALL})">x</div>',
    f"<marquee onstart={CALL}>",
    f"<video><source onerror={CALL}></video>",
    # Bare URLs, for the fields that hold a link.
    f"javascript:{CALL}",
    f"data:text/html,<script>{CALL}</script>",
    f" vbscript:{CALL}",
]
WRAPS = [
    lambda p: p,
    lambda p: p.upper().replace("WINDOW.__XSS=1;ALERT(1)", CALL),
    lambda p: p.replace("<", "&lt;").replace(">", "&gt;"),
    lambda p: p.replace("<", "&#60;"),
    lambda p: p.replace("<", "\\u003c"),
    lambda p: quote(p),
    lambda p: f"**bold** {p} _em_",
    lambda p: f"<p>{p}</p>",
    lambda p: p.replace(" ", "/"),
    lambda p: p.replace("javascript", "java\tscript").replace("onerror", "ONERROR"),
]

PAYLOADS = list(dict.fromkeys(wrap(base) for base in BASES for wrap in WRAPS))
assert len(PAYLOADS) >= 200, len(PAYLOADS)
