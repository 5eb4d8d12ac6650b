"""Editorial quality checks: what a term page still lacks, and the glossary's content health."""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import apnumber
from django.db.models import Prefetch
from django.utils import timezone

from terms.models import RelatedLink, SlugRedirect, Term
from terms.sections import SECTIONS

SUMMARY_MAX_LENGTH = 160
MIN_FAQS = 2
MIN_RELATED_LINKS = 3
SENTENCE_END = re.compile(r"[.!?](?:\s+|$)")
GLOSSARY_PATH = re.compile(r"^/glossary/(?P<slug>[-\w]+)/?$")


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool


def is_one_sentence(text: str) -> bool:
    """Return True if `text` is a single sentence ending with a full stop, ! or ?."""
    text = text.strip()
    return bool(text) and len(SENTENCE_END.findall(text)) == 1 and bool(SENTENCE_END.search(text))


def check_term(term: Term, published_ids: set[int]) -> list[Check]:
    """Return the checklist for a term whose FAQs, related links and tags are prefetched."""
    return check_article(
        term, term.faqs.all(), term.related_links.all(), term.tags.all(), published_ids
    )


def check_article(term: Term, faqs, links, topics, published_ids: set[int]) -> list[Check]:
    """Return the checklist for `term` with these FAQs, related links and topics, saved or not."""
    summary = term.summary.strip()
    faqs = list(faqs)
    links = list(links)
    return [
        Check(
            f"Summary is one sentence under {SUMMARY_MAX_LENGTH} characters",
            is_one_sentence(summary) and len(summary) < SUMMARY_MAX_LENGTH,
        ),
        Check(
            f"All {apnumber(len(SECTIONS))} sections are filled",
            all(getattr(term, section.name).strip() for section in SECTIONS),
        ),
        Check(f"At least {MIN_FAQS} FAQs", len(faqs) >= MIN_FAQS),
        Check(f"At least {MIN_RELATED_LINKS} related links", len(links) >= MIN_RELATED_LINKS),
        Check(
            "Related links point to published terms",
            all(link.target_id in published_ids for link in links if link.target_id),
        ),
        Check("Topics are set", bool(topics)),
    ]


def checked_terms():
    """Return the queryset that `check_term` needs, with everything it reads prefetched."""
    return Term.objects.prefetch_related(
        "faqs", Prefetch("related_links", queryset=RelatedLink.objects.all()), "tags"
    )


def published_ids() -> set[int]:
    """Return the ids of the terms readers can see."""
    return set(Term.objects.published().values_list("pk", flat=True))


@dataclass
class HealthReport:
    failing: list[tuple[Term, list[Check]]] = field(default_factory=list)
    links_to_drafts: list[RelatedLink] = field(default_factory=list)
    links_to_missing: list[RelatedLink] = field(default_factory=list)
    one_way: list[RelatedLink] = field(default_factory=list)
    unlinked: list[Term] = field(default_factory=list)
    not_reviewed: list[Term] = field(default_factory=list)


def twelve_months_before(day: datetime.date) -> datetime.date:
    """Return the same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def not_reviewed_since(terms: list[Term], cutoff: datetime.date) -> list[Term]:
    """Return the terms never reviewed or last reviewed before `cutoff`, oldest first."""
    stale = [term for term in terms if not term.reviewed_on or term.reviewed_on < cutoff]
    return sorted(
        stale, key=lambda term: (term.reviewed_on is not None, term.reviewed_on or cutoff)
    )


def content_health() -> HealthReport:
    """Return every term that fails a check and every weak spot in the related links."""
    visible = published_ids()
    terms = list(checked_terms())
    known_slugs = {term.slug for term in terms} | set(
        SlugRedirect.objects.values_list("old_slug", flat=True)
    )
    report = HealthReport()
    pairs = set()
    all_links = []
    for term in terms:
        failed = [check for check in check_term(term, visible) if not check.passed]
        if failed:
            report.failing.append((term, failed))
        for link in term.related_links.all():
            link.term = term
            all_links.append(link)
            if link.target_id:
                pairs.add((term.pk, link.target_id))
    by_id = {term.pk: term for term in terms}
    for link in all_links:
        if link.target_id:
            link.target = by_id[link.target_id]
            if link.target_id not in visible:
                report.links_to_drafts.append(link)
            if (link.target_id, link.term_id) not in pairs and not link.one_way_intended:
                report.one_way.append(link)
        elif (slug := glossary_slug(link.url)) and slug not in known_slugs:
            report.links_to_missing.append(link)
    targeted = {target for _, target in pairs}
    report.unlinked = [term for term in terms if term.pk not in targeted]
    report.not_reviewed = not_reviewed_since(terms, twelve_months_before(timezone.localdate()))
    return report


def glossary_slug(url: str) -> str | None:
    """Return the slug if `url` is the address of a term page on this site."""
    parts = urlsplit(url)
    if parts.hostname not in settings.ALLOWED_HOSTS:
        return None
    match = GLOSSARY_PATH.match(parts.path)
    return match["slug"] if match else None
