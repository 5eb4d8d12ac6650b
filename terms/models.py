"""The glossary's content: terms, their topics, FAQs, related links and calls to action."""

import logging
import re
from functools import partial

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.urls.converters import SlugConverter
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import ItemBase, NaturalKeyManager, NaturalKeyModel, TagBase

from terms.content_version import versioned
from terms.hrefs import is_allowed_href
from terms.letters import SORT_KEY_LENGTH
from terms.natural_keys import recall
from terms.search.query import ranked
from terms.sections import SECTIONS
from terms.text import clean_text

# Paths under /glossary/ that are pages of their own, so no term may take them as its slug.
RESERVED_SLUGS = ["embed", "feed", "letter", "search", "topics"]
# What the term page's <slug:slug> path accepts, so what get_absolute_url() can build.
ADDRESSABLE_SLUG = re.compile(SlugConverter.regex)

logger = logging.getLogger(__name__)


def clean_editor_text(instance: models.Model) -> None:
    """Clean every text field an editor fills (see terms.text), in place."""
    for field in instance._meta.concrete_fields:
        if field.editable and isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                multiline = isinstance(field, models.TextField)
                setattr(instance, field.attname, clean_text(value, multiline=multiline))


class EditorText(models.Model):
    """A model whose text is cleaned before validation, so unique checks see what is saved.

    terms.signals cleans it again on every save, raw saves of fixtures and revisions included.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        clean_editor_text(self)
        super().clean_fields(exclude)


class RememberingNaturalKeyManager(NaturalKeyManager):
    """Taggit's natural-key manager, answering from what a fixture load already found."""

    def get_by_natural_key(self, *key):
        find = super().get_by_natural_key
        return recall(self.model, "key", key, lambda: find(*key))


class NaturalKeyed(NaturalKeyModel):
    """Taggit's model named by `natural_key_fields`, whose fields may follow foreign keys.

    A path such as "term__slug" is read through the relation; taggit's manager looks it up.
    """

    natural_key_fields: list[str]

    objects = RememberingNaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        return tuple(self._follow(path) for path in self.natural_key_fields)

    def _follow(self, path: str):
        value = self
        for name in path.split("__"):
            if value is None:
                return None
            field = value._meta.get_field(name)
            pk = getattr(value, field.attname, None) if field.many_to_one else None
            if pk is not None and not field.is_cached(value):
                value = recall(field.related_model, "pk", pk, partial(getattr, value, name))
            else:
                value = getattr(value, name)
        return value


class CallToAction(NaturalKeyed, EditorText):
    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="Internal name for editors; never shown to readers.",
    )
    heading = models.CharField(
        max_length=200, help_text="Heading of the call-to-action block at the end of a term page."
    )
    body = models.TextField(help_text="Text under the heading of the call-to-action block.")
    button_label = models.CharField(
        max_length=60, help_text="Text of the button in the call-to-action block."
    )
    button_url = models.CharField(
        "button URL",
        max_length=500,
        help_text="Where the button leads: a full https:// URL or a path on this site such as /.",
    )
    is_default = models.BooleanField(
        "site default",
        default=False,
        help_text="Shown on every term page that has no call to action of its own. "
        "Only one call to action can be the default.",
    )

    natural_key_fields = ["name"]

    class Meta:
        ordering = ["name"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_call_to_action",
                violation_error_message="Another call to action is already the site default.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        validate_link(self.button_url, field="button_url")

    @classmethod
    def site_default(cls):
        """Return the call to action shown on pages that do not choose one (None if none is)."""
        return versioned("default-cta", lambda: cls.objects.filter(is_default=True).first())


def validate_link(value: str, *, field: str) -> None:
    """Raise ValidationError unless `value` is an allowed href naming a whole address.

    terms.hrefs decides which hrefs are allowed; a field also wants a full http(s) URL, a
    mailto: address or a path from the site's root, not a relative one.
    """
    scheme = value.partition(":")[0].lower()
    try:
        if not is_allowed_href(value):
            raise ValidationError("not allowed")
        if scheme == "mailto":
            EmailValidator()(value.partition(":")[2].partition("?")[0])
        elif not value.startswith("/"):
            URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {
                field: "Enter a full http:// or https:// URL, a mailto: address, "
                "or a path on this site starting with /."
            }
        ) from None


class Topic(EditorText, TagBase):
    """A subject that groups terms: taggit's tag model, with text for its public page."""

    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence on what the topic covers, shown under its name on the Topics page "
        "and as its page's meta description.",
    )
    intro = models.TextField(
        blank=True,
        help_text="A paragraph or two at the top of the topic's page, before its terms (Markdown).",
    )

    objects = RememberingNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unique_topic_name",
                violation_error_message="Another topic already has this name.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("terms:topic", args=[self.slug])


@reversion.register()
class TaggedTerm(ItemBase, NaturalKeyed):
    """A topic on a term: taggit's through model with real foreign keys and a natural key."""

    content_object = models.ForeignKey("Term", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items"
    )

    natural_key_fields = ["content_object__slug", "tag__name"]

    class Meta:
        verbose_name = "topic on a term"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_topic_per_term"),
        ]


def published_condition(prefix: str = "") -> Q:
    """Return the condition for terms readers may see, on `prefix` (such as "target__")."""
    return Q(
        **{f"{prefix}status": Term.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()}
    )


class TermQuerySet(models.QuerySet):
    def published(self):
        """Return the terms readers may see: published, and not scheduled for later."""
        return self.filter(published_condition())

    def search(self, query: str):
        """Return the published terms matching `query`, best first (see terms.search.query)."""
        return ranked(self.published(), query)

    def for_reading(self):
        """Leave out the search columns, which are large and no page shows."""
        return self.defer("search_vector", "search_names")


@reversion.register(follow=["faqs", "related_links", "taggedterm_set", "aliases", "old_slugs"])
class Term(NaturalKeyed, EditorText):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, help_text="The term, shown as the page heading.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The term's address: what follows /glossary/ in its URL. Lowercase letters, "
        "digits and hyphens. Renaming it keeps the old address working.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One-sentence definition under the title. Also the page's meta description "
        "and the snippet in search results.",
    )
    plain_english = SECTIONS[0].model_field()
    technical_definition = SECTIONS[1].model_field()
    business_use_case = SECTIONS[2].model_field()
    example = SECTIONS[3].model_field()
    tags = TaggableManager(
        "topics",
        through=TaggedTerm,
        blank=True,
        help_text="Topics, shown on the page under the title. Publishers add new topics under "
        "Topics.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published terms appear on the site.",
    )
    published_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text="When the term went (or goes) live. Set automatically on first publish.",
    )
    call_to_action = models.ForeignKey(
        CallToAction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="terms",
        help_text="The block at the end of the page. Leave empty for the site default.",
    )
    auto_link = models.BooleanField(
        "link mentions of other terms",
        default=True,
        help_text="Link the first mention of each other published term in the sections to "
        "its page. Untick to leave this term's sections exactly as written.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text="Shown on the page as “Updated” and this date."
    )
    reviewed_on = models.DateField(
        "reviewed on",
        null=True,
        blank=True,
        help_text="The day an editor last confirmed the facts are current. Shown on the page "
        "as “Reviewed” and the month; saving does not change it, so set it when you check.",
    )
    index_letter = models.CharField(
        max_length=3, editable=False, default="", help_text="A–Z index group, set on save."
    )
    sort_key = models.CharField(
        max_length=SORT_KEY_LENGTH,
        editable=False,
        default="",
        help_text="Accent-free order, set on save.",
    )
    # Filled on PostgreSQL only (terms.search.indexing keeps it current); its GIN index is
    # made by a migration because SQLite cannot build one.
    search_vector = SearchVectorField(null=True, editable=False)
    # "|title|alias|alias|" folded, for prefix and typo matching of names (indexed on PostgreSQL).
    search_names = models.TextField(default="", editable=False)

    natural_key_fields = ["slug"]

    objects = RememberingNaturalKeyManager.from_queryset(TermQuerySet)()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="term_visibility"),
            models.Index(fields=["index_letter", "sort_key"], name="term_index_order"),
        ]
        permissions = [("publish_term", "Can publish and unpublish terms")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="term_slug_not_reserved",
                violation_error_message="This slug is the address of another glossary page "
                f"({', '.join(RESERVED_SLUGS)}); choose another.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("terms:detail", args=[self.slug])

    def clean(self):
        super().clean()
        redirect = (
            SlugRedirect.objects.filter(old_slug=self.slug)
            .exclude(term_id=self.pk)
            .select_related("term")
            .first()
        )
        if redirect:
            raise ValidationError(
                {
                    "slug": f"/glossary/{self.slug}/ still redirects to “{redirect.term}”. "
                    "Choose another slug, or first remove that old slug on "
                    f"“{redirect.term}”'s page so its old address stops working."
                }
            )

    @property
    def sections(self):
        """Return (anchor, heading, markdown) for each non-empty article section, in order."""
        pairs = [(s.anchor, s.heading, getattr(self, s.name)) for s in SECTIONS]
        return [(anchor, heading, text) for anchor, heading, text in pairs if text.strip()]


def has_address(term: Term) -> bool:
    """Return True if the term's page address can be built; else log a warning naming it.

    Validation keeps such slugs out, but one written past it (raw SQL, an old fixture) must
    leave the term off the pages that list or link it, not make them answer 500.
    """
    if ADDRESSABLE_SLUG.fullmatch(term.slug):
        return True
    logger.warning(
        "Term “%s” (id %s, slug %r) is left off the pages: no address can be built from its slug.",
        term.title, term.pk, term.slug,
    )  # fmt: skip
    return False


@reversion.register()
class Alias(NaturalKeyed, EditorText):
    """Another name for a term: a "see" entry in the index, and matched by search."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200,
        help_text="Another name readers may look for, such as an abbreviation. Listed in the "
        "index as “see” this term, and found by search.",
    )
    index_letter = models.CharField(max_length=3, editable=False, default="")
    sort_key = models.CharField(max_length=SORT_KEY_LENGTH, editable=False, default="")

    natural_key_fields = ["term__slug", "name"]

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name_plural = "aliases"
        indexes = [models.Index(fields=["index_letter", "sort_key"], name="alias_index_order")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unique_alias_name",
                violation_error_message="Another term already has this alias.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.term_id and self.name.casefold() == self.term.title.casefold():
            raise ValidationError({"name": "An alias cannot repeat the term's own title."})


@reversion.register()
class SlugRedirect(EditorText):
    """A slug a term had before: its old address answers with a 301 to the current one."""

    old_slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="A former slug of the term; its old address redirects to the current one.",
    )
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField("renamed at", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "old slug"

    def __str__(self):
        return self.old_slug


@reversion.register()
class FAQ(NaturalKeyed, EditorText):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(
        max_length=300, help_text="Shown under “Frequently asked questions”."
    )
    answer = models.TextField(help_text="The answer under the question (Markdown).")
    position = models.PositiveIntegerField(
        default=0, help_text="Order on the page: lower numbers come first."
    )

    natural_key_fields = ["term__slug", "question"]

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        constraints = [
            models.UniqueConstraint(
                fields=["term", "question"],
                name="unique_question_per_term",
                violation_error_message="This term already has this question.",
            ),
        ]

    def __str__(self):
        return self.question


@reversion.register()
class RelatedLink(NaturalKeyed, EditorText):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        Term,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="linked_from",
        help_text="A term of this glossary under “Keep exploring”. Choose a term or enter a "
        "URL, not both.",
    )
    url = models.URLField(
        "external URL",
        max_length=500,
        blank=True,
        help_text="A page elsewhere under “Keep exploring”, instead of a term.",
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Link text under “Keep exploring”. Default: the target term's title.",
    )
    blurb = models.TextField(
        blank=True,
        help_text="Text under the link. Default: the target term's “In plain English” section.",
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Order under “Keep exploring”: lower numbers come first."
    )
    one_way_intended = models.BooleanField(
        "one-way on purpose",
        default=False,
        help_text="The target need not link back: content health stops listing this link.",
    )

    natural_key_fields = ["term__slug", "target__slug", "url"]

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url=""))
                | (Q(target__isnull=True) & ~Q(url="")),
                name="related_link_has_target_or_url",
                violation_error_message="Choose a term or enter a URL, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(target=F("term")),
                name="related_link_not_to_itself",
                violation_error_message="A term cannot link to itself.",
            ),
            models.UniqueConstraint(
                fields=["term", "target"],
                name="unique_related_target",
                violation_error_message="This term already links to that term.",
            ),
            models.UniqueConstraint(
                fields=["term", "url"],
                condition=~Q(url=""),
                name="unique_related_url",
                violation_error_message="This term already links to that URL.",
            ),
        ]

    def __str__(self):
        return self.display_title

    def clean(self):
        super().clean()
        if self.target_id and self.url:
            raise ValidationError("Choose a term or enter a URL, not both.")
        if not self.target_id and not self.url:
            raise ValidationError("Choose a term or enter a URL.")
        if self.url:
            validate_link(self.url, field="url")
        if self.target_id and self.target_id == self.term_id:
            raise ValidationError({"target": "A term cannot link to itself."})

    @property
    def href(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    @property
    def display_title(self):
        if self.title:
            return self.title
        return self.target.title if self.target_id else self.url

    @property
    def display_blurb(self):
        if self.blurb:
            return self.blurb
        return self.target.plain_english if self.target_id else ""


class MissingSearch(models.Model):
    """A search readers made that found nothing: the query alone, never who asked."""

    query = models.CharField(
        max_length=100, unique=True, help_text="As readers typed it, normalised."
    )
    count = models.PositiveIntegerField(default=0, help_text="Searches that found nothing.")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    dismissed = models.BooleanField(
        default=False, help_text="Not a missing term: kept off the list, still counted."
    )

    class Meta:
        ordering = ["-count", "query"]
        verbose_name = "missing term"
        verbose_name_plural = "missing terms"

    def __str__(self):
        return self.query


class PendingChange(models.Model):
    """A draft of changes to a term: its admin form as last saved, applied when published.

    The live rows stay as they are until then, so readers, the page cache, search, the sitemap
    and auto-links see only the published version.
    """

    term = models.OneToOneField(Term, on_delete=models.CASCADE, related_name="pending_change")
    form_data = models.JSONField(help_text="The submitted term form: each field's values.")
    article = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="The article it describes, as staff preview it."
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "draft of changes"
        verbose_name_plural = "drafts of changes"

    def __str__(self):
        return f"Draft of changes to “{self.term}”"


class ReviewRequest(models.Model):
    """An editor's request that a Publisher review a draft term or a draft of changes."""

    term = models.OneToOneField(Term, on_delete=models.CASCADE, related_name="review_request")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    sent_back_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="Why the Publisher sent it back.")

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self):
        return f"Review of “{self.term}”"

    @property
    def is_waiting(self) -> bool:
        return self.sent_back_at is None
