"""Fill the glossary with many realistic synthetic published terms, in bulk, for scale tests."""

import argparse
import time
from datetime import timedelta
from itertools import islice, product

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from terms import content_version, letters
from terms.models import FAQ, Alias, RelatedLink, TaggedTerm, Term, Topic
from terms.search.indexing import index_terms

BATCH_SIZE = 1000
# The seed glossary's topics (fixtures/glossary.json), created when missing.
TOPICS = {
    "Fundamentals": "fundamentals",
    "Generative AI": "generative-ai",
    "Building with AI": "building-with-ai",
    "Data & Governance": "data-governance",
    "AI in Business": "ai-in-business",
}
# Qualifiers with different initials, so the synthetic terms spread over the A–Z index.
QUALIFIERS = [
    "Adaptive", "Bayesian", "Causal", "Distributed", "Elastic", "Federated", "Generative",
    "Hierarchical", "Incremental", "Joint", "Kernel", "Latent", "Multimodal", "Neural",
    "Online", "Probabilistic", "Quantized", "Recurrent", "Sparse", "Temporal", "Unsupervised",
    "Variational", "Weighted", "Explainable", "Yield-Aware", "Zero-Shot",
]  # fmt: skip
SUBJECTS = [
    "Token", "Vector", "Gradient", "Attention", "Feature", "Embedding", "Context", "Prompt",
    "Policy", "Reward", "Query", "Document", "Signal", "Graph", "Memory", "Label", "Sample",
    "Schema", "Model", "Agent",
]  # fmt: skip
# (singular, plural): the plural is the term's alias.
KINDS = [
    ("Routing", "Routing Methods"), ("Index", "Indexes"), ("Pipeline", "Pipelines"),
    ("Cache", "Caches"), ("Estimator", "Estimators"), ("Sampler", "Samplers"),
    ("Encoder", "Encoders"), ("Scheduler", "Schedulers"), ("Filter", "Filters"),
    ("Benchmark", "Benchmarks"), ("Regularizer", "Regularizers"), ("Compressor", "Compressors"),
    ("Validator", "Validators"), ("Monitor", "Monitors"), ("Planner", "Planners"),
    ("Ranker", "Rankers"), ("Tokenizer", "Tokenizers"), ("Aligner", "Aligners"),
    ("Adapter", "Adapters"), ("Evaluator", "Evaluators"),
]  # fmt: skip
# Every third term has an alias.
ALIAS_EVERY = 3
MAX_TERMS = len(QUALIFIERS) * len(SUBJECTS) * len(KINDS)
GOALS = [
    "cut serving costs", "improve answer quality", "reduce latency", "keep results auditable",
    "scale to more users", "protect customer data", "speed up experiments", "lower error rates",
]  # fmt: skip
TEAMS = ["support", "finance", "marketing", "legal", "operations", "sales", "product", "risk"]


def positive_int(value: str) -> int:
    """Return `value` as a whole number of at least 1, or raise an argparse error."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if not 1 <= number <= MAX_TERMS:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to {MAX_TERMS}, got {number}")
    return number


def names(count: int):
    """Yield (title, alias plural) for the first `count` synthetic terms, letters interleaved."""
    for subject, (kind, plural), qualifier in islice(product(SUBJECTS, KINDS, QUALIFIERS), count):
        yield f"{qualifier} {subject} {kind}", f"{qualifier} {subject} {plural}"


def build_term(i: int, title: str, now) -> Term:
    """Return unsaved term number `i`, with a summary under 160 characters and four sections."""
    qualifier, subject, kind = title.split(" ", 2)
    goal = GOALS[i % len(GOALS)]
    team = TEAMS[i % len(TEAMS)]
    return Term(
        title=title,
        slug=slugify(title),
        summary=f"A {kind.lower()} that treats each {subject.lower()} in a "
        f"{qualifier.lower()} way to {goal}.",
        plain_english=(
            f"A {title} looks at every {subject.lower()} and decides how to handle it in a "
            f"{qualifier.lower()} way. Teams use it to **{goal}** without rebuilding "
            "their whole system."
        ),
        technical_definition=(
            f"The {kind.lower()} scores each {subject.lower()} with a {qualifier.lower()} "
            "objective and keeps the best candidates:\n\n"
            f"1. Collect the {subject.lower()}s of a request.\n"
            "2. Score them against the current objective.\n"
            "3. Keep the top `k` and pass them on.\n\n"
            f"Its cost grows roughly linearly with the number of {subject.lower()}s."
        ),
        business_use_case=(
            f"A {team} team adds a {title} to an existing workflow to {goal}. It pays off "
            "when volumes are high and every percentage point of quality counts."
        ),
        example=(
            f"An online retailer's {team} group put a {title} in front of its assistant and "
            f"saw it {goal} within a month, with no change to the user interface."
        ),
        status=Term.Status.PUBLISHED,
        published_at=now - timedelta(minutes=i),
        **letters.index_keys(title),
    )


class Command(BaseCommand):
    help = "Add N synthetic published terms with sections, FAQs, related links and topics."

    def add_arguments(self, parser):
        parser.add_argument(
            "--terms",
            type=positive_int,
            required=True,
            help=f"How many terms to add (1 to {MAX_TERMS}).",
        )

    def handle(self, *args, **options):
        # call_command() hands keyword options over unconverted, so check them here too.
        try:
            count = positive_int(str(options["terms"]))
        except argparse.ArgumentTypeError as error:
            raise CommandError(f"--terms: {error}") from None
        started = time.perf_counter()
        pairs = list(names(count))
        slugs = [slugify(title) for title, _ in pairs]
        taken = Term.objects.filter(slug__in=slugs).count()
        if taken:
            raise CommandError(
                f"{taken} of the {count} synthetic slugs already exist (an earlier "
                "seed_synthetic run?); nothing was added. Use a fresh database."
            )
        with transaction.atomic():
            self.create(pairs)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum would do later: flush the GIN indexes' pending lists, refresh the
            # planner's statistics, so search uses its indexes straight away.
            with connection.cursor() as cursor:
                for table in ["terms_term", "terms_faq", "terms_relatedlink", "terms_taggedterm"]:
                    cursor.execute(f"VACUUM ANALYZE {table}")
        seconds = time.perf_counter() - started
        self.stdout.write(f"Added {count} synthetic terms in {seconds:.1f} s.")

    def create(self, pairs: list[tuple[str, str]]) -> None:
        now = timezone.now()
        terms = Term.objects.bulk_create(
            [build_term(i, title, now) for i, (title, _) in enumerate(pairs)],
            batch_size=BATCH_SIZE,
        )
        count = len(terms)
        aliases = [
            Alias(term=term, name=plural, **letters.index_keys(plural))
            for i, (term, (_, plural)) in enumerate(zip(terms, pairs, strict=True))
            if i % ALIAS_EVERY == 0
        ]
        taken = Alias.objects.filter(name__in=[alias.name for alias in aliases]).count()
        if taken:
            raise CommandError(f"{taken} synthetic aliases already exist; nothing was added.")
        Alias.objects.bulk_create(aliases, batch_size=BATCH_SIZE)
        FAQ.objects.bulk_create(
            [
                FAQ(term=term, question=question, answer=answer, position=position)
                for term in terms
                for position, (question, answer) in enumerate(faqs_for(term), start=1)
            ],
            batch_size=BATCH_SIZE,
        )
        # Each term links to the next three terms, so every term is also linked to.
        RelatedLink.objects.bulk_create(
            [
                RelatedLink(term=term, target=terms[(i + step) % count], position=step)
                for i, term in enumerate(terms)
                for step in range(1, min(3, count - 1) + 1)
            ],
            batch_size=BATCH_SIZE,
        )
        topics = [
            Topic.objects.get_or_create(name=name, defaults={"slug": slug})[0]
            for name, slug in TOPICS.items()
        ]
        TaggedTerm.objects.bulk_create(
            [
                TaggedTerm(content_object=term, tag=topics[(i + k) % len(topics)])
                for i, term in enumerate(terms)
                for k in range(1 + i % 3)
            ],
            batch_size=BATCH_SIZE,
        )
        index_terms(Term.objects.filter(pk__in=[term.pk for term in terms]))
        # bulk_create sends no signals, so cached pages must be told of the new content here.
        content_version.invalidate()


def faqs_for(term: Term) -> list[tuple[str, str]]:
    """Return three (question, answer) pairs about `term`."""
    return [
        (
            f"When should I use a {term.title}?",
            f"When you need to handle many inputs consistently: it was built to "
            f"{term.summary.rsplit(' to ', 1)[-1].rstrip('.')}.",
        ),
        (
            f"What does a {term.title} cost to run?",
            "Little at small scale; at large volumes, budget for the extra compute of scoring "
            "every input.",
        ),
        (
            f"How is a {term.title} different from a plain one?",
            "It adds one decision step before the usual processing, which makes its behaviour "
            "easier to tune and to audit.",
        ),
    ]
