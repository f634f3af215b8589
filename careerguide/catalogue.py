"""
The catalogue's version: cached answers about what the public sees, which are never stale.

Counting 100,000 roles for the careers list, or rendering a whole page, is kept in the shared
cache under a version that every change to what public pages show replaces: a change calls
changed(), and a new version starts when its transaction commits, once however many rows it
wrote. Some changes happen without any write (a guide scheduled to go public at a set time):
apps say when the next such change is due with changes_on_schedule(), and the version lasts no
longer than that, nor longer than settings.CATALOGUE_CACHE_SECONDS. When the shared cache
answers again after an outage, during which a change could not say so, a new version starts
too (careerguide.cache.cache_recovered).

Each process also remembers the version it last read, for settings.PAGE_VERSION_SECONDS: in that
time it may answer with the pages it holds in its own memory (careerguide/page_cache.py), so a
change made in another process reaches it within that time; a change made in this process, at
once.
"""

import hashlib
import time
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone

from careerguide.cache import cache_recovered

VERSION_KEY = "catalogue:version"

# Functions that say when the catalogue next changes on its own (a datetime, or None).
_schedules = []
# The version this process last read from the shared cache, and when (time.monotonic()).
_last_read = None


# Sent by every changed(), inside the change's transaction: for what an app keeps in the
# database from the catalogue (guides' RoleTally marks itself stale, committed with the change).
catalogue_changed = Signal()


def changed():
    """Make every cached answer obsolete when the current transaction commits (at once
    outside one). A page rendered before the commit, from the data before it, is kept under
    the old version, which the commit replaces."""
    catalogue_changed.send(sender=None)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        new_version()
        return
    # One new version per transaction: Django keeps the callbacks that are still to run, and
    # drops those of a transaction or savepoint that rolls back.
    if not any(callback is new_version for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(new_version)


def watch(*models):
    """Public pages show the rows of `models`: every save or delete of one, and every change
    of its many-to-many links (in the admin, a shell, any code that sends Django's model
    signals), makes cached answers obsolete. Bulk writes send no signals: the commands that
    make them call changed() themselves."""
    for model in models:
        uid = f"catalogue-{model._meta.label}"
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"{uid}-deleted")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_model_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")


def _model_changed(sender, **kwargs):
    changed()


def new_version():
    """A new catalogue version, now, until the next scheduled change at the latest."""
    global _last_read
    _last_read = None  # this process knows the version it read is over
    cache.set(VERSION_KEY, uuid4().hex, _lifetime())


def note_read(current):
    """This process has just read `current` (None: the shared cache did not answer)."""
    global _last_read
    _last_read = (current, time.monotonic()) if current else None


def recently_read():
    """The version this process read less than settings.PAGE_VERSION_SECONDS ago, or None."""
    last = _last_read
    if last is None or time.monotonic() - last[1] >= settings.PAGE_VERSION_SECONDS:
        return None
    return last[0]


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid4().hex, _lifetime())
        current = cache.get(VERSION_KEY)
    return current


def changes_on_schedule(upcoming):
    """Register `upcoming()`, which gives the time of the next change that no write announces
    (or None): the catalogue's version expires then. Usable as a decorator."""
    _schedules.append(upcoming)
    return upcoming


def key(*parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"catalogue:{version()}:{digest}"


def remember(cache_key, compute):
    """The cached value for `cache_key`, computing and storing it when there is none."""
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        store(cache_key, value)
    return value


def store(cache_key, value, seconds=None):
    """Keep `value`, for `seconds` if given (at most settings.CATALOGUE_CACHE_SECONDS); it is
    good while the version it was made under is current."""
    longest = settings.CATALOGUE_CACHE_SECONDS
    cache.set(cache_key, value, min(seconds, longest) if seconds else longest)


def _lifetime():
    """Seconds until the next scheduled change, at most settings.CATALOGUE_CACHE_SECONDS."""
    now = timezone.now()
    longest = settings.CATALOGUE_CACHE_SECONDS
    upcoming = [when for when in (schedule() for schedule in _schedules) if when is not None]
    if not upcoming:
        return longest
    return max(1, min(longest, int((min(upcoming) - now).total_seconds())))


def _cache_recovered(sender, cache, **kwargs):
    """The cache was unreachable for a while: changes made meanwhile could not replace the
    version, so what it kept from before may be stale. A new version, at once."""
    new_version()


cache_recovered.connect(_cache_recovered, dispatch_uid="catalogue-cache-recovered")
