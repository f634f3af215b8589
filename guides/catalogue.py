"""
Cached answers about the published catalogue of roles, which are never stale.

Counting 100,000 roles for the careers list (how many match, how many each filter choice would
give) costs a full pass over them; those answers are cached in the shared cache under a version
that changes whenever roles change: Role.save() and delete(), a role's industries, and every
bulk write (import_oews, load_guides, generate_demo_roles) call changed(). A cached answer
also expires when the next scheduled guide goes public, since that changes the catalogue
without any write, and after settings.CATALOGUE_CACHE_SECONDS at the latest. When the shared
cache answers again after an outage, during which a change could not say so, a new version is
started too (careerguide.cache.cache_recovered, connected in guides/signals.py).
"""

import hashlib
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "guides:catalogue:version"


def changed():
    """Make every cached answer about the catalogue obsolete: at once, and again when the
    transaction that changed it commits (a page rendered in between, from the data before the
    commit, would otherwise be kept under the new version)."""
    new_version()
    transaction.on_commit(new_version)


def new_version():
    """A new catalogue version, now (changed() is what an edit calls)."""
    cache.set(VERSION_KEY, uuid4().hex, None)


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    return current


def key(*parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"guides:catalogue:{version()}:{digest}"


def remember(cache_key, compute):
    """The cached value for `cache_key`, computing and storing it when there is none."""
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        store(cache_key, value)
    return value


def store(cache_key, value):
    """Keep `value` until the catalogue changes (or the next scheduled guide goes public)."""
    cache.set(cache_key, value, _seconds_until_next_publication())


def _seconds_until_next_publication():
    from guides.models import Role

    now = timezone.now()
    upcoming = (
        Role.objects.filter(status=Role.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    longest = settings.CATALOGUE_CACHE_SECONDS
    if upcoming is None:
        return longest
    return max(1, min(longest, int((upcoming - now).total_seconds())))
