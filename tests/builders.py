"""Small helpers that build glossary rows for tests."""

from itertools import count

from django.contrib.auth.models import Group, User
from django.utils import timezone

from terms.models import FAQ, Alias, RelatedLink, Term, Topic
from terms.sections import SECTIONS

_numbers = count(1)


def make_term(**kwargs) -> Term:
    n = next(_numbers)
    kwargs.setdefault("title", f"Term {n}")
    kwargs.setdefault("slug", f"term-{n}")
    kwargs.setdefault("summary", f"Summary of term {n}.")
    for section in SECTIONS:
        kwargs.setdefault(section.name, f"{section.heading} of term {n}.")
    kwargs.setdefault("status", Term.Status.PUBLISHED)
    if kwargs["status"] == Term.Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - timezone.timedelta(days=1))
    tags = kwargs.pop("tags", [])
    term = Term.objects.create(**kwargs)
    if tags:
        term.tags.add(*tags)
    return term


def topic_ids(*names: str) -> list[str]:
    """Return the ids of the topics called `names` as the term form posts them, creating any."""
    return [str(Topic.objects.get_or_create(name=name)[0].pk) for name in names]


def make_faq(term: Term, **kwargs) -> FAQ:
    n = next(_numbers)
    kwargs.setdefault("question", f"Question {n}?")
    kwargs.setdefault("answer", f"Answer {n}.")
    kwargs.setdefault("position", n)
    return FAQ.objects.create(term=term, **kwargs)


def make_link(term: Term, target: Term | None = None, **kwargs) -> RelatedLink:
    kwargs.setdefault("position", next(_numbers))
    return RelatedLink.objects.create(term=term, target=target, **kwargs)


def make_alias(term: Term, name: str) -> Alias:
    return Alias.objects.create(term=term, name=name)


def log_in_as(client, group_name: str):
    """Log `client` in as a staff member of the Editor or Publisher group and return it."""
    user = User.objects.create_user(group_name.lower(), password="pw-for-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client
