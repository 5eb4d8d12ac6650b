"""Login throttling that a guesser cannot turn against editors (django-axes does the locking)."""

import ipaddress
import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.utils import timezone
from ipware.ip import get_client_ip


def is_trusted_proxy(address: str | None) -> bool:
    """Return True if `address` is one of GLOSSARY_TRUSTED_PROXIES (addresses or networks)."""
    try:
        peer = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(
        peer in ipaddress.ip_network(proxy, strict=False)
        for proxy in settings.GLOSSARY_TRUSTED_PROXIES
    )


def client_ip_address(request) -> str | None:
    """Return the client's address, read from the proxy's header only when a trusted proxy sent it.

    django-ipware reads X-Forwarded-For with axes' settings but believes it from any peer, so a
    client could name any address; the peer itself is the client unless it is a trusted proxy.
    """
    peer = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(peer):
        return peer
    client, _ = get_client_ip(
        request,
        proxy_order=settings.AXES_IPWARE_PROXY_ORDER,
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
        strict=False,  # a client's own X-Forwarded-For comes first; the proxy's entry is last
    )
    return client or peer


def seconds_to_wait(username: str) -> int:
    """Return the seconds `username` must wait to sign in, after failures from anywhere."""
    failures = AccessAttempt.objects.filter(
        username=username,
        attempt_time__gte=timezone.now() - get_cool_off(),
    ).aggregate(count=Sum("failures_since_start"), last=Max("attempt_time"))
    if (failures["count"] or 0) < settings.GLOSSARY_LOGIN_USERNAME_LIMIT:
        return 0
    ready = failures["last"] + timezone.timedelta(seconds=settings.GLOSSARY_LOGIN_USERNAME_DELAY)
    return max(0, math.ceil((ready - timezone.now()).total_seconds()))


class ThrottledLoginForm(AdminAuthenticationForm):
    """The admin login, which makes a username that many addresses failed on wait between tries.

    Axes locks a username per address; a guesser with many addresses is only slowed here, and
    the wait is not counted as a failure, so the editor is delayed, never locked out.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = seconds_to_wait(username) if username else 0
        if wait:
            raise ValidationError(
                f"Too many failed sign-ins for this username from several places. "
                f"Try again in {wait} seconds.",
                code="throttled",
            )
        return super().clean()
