"""
Reads from the read replica for public pages; everything else uses the primary.

Active when DATABASE_REPLICA_URL is set (careerguide/settings.py adds the "replica" alias, this
router and the middleware). Why replica reads are safe for public pages: a reader tolerates a
page a second or two behind an editor's save, the lag of streaming replication. Editors, on the
other hand, must read their own writes, so every request that could come from one (the admin,
any request with a session cookie: signed-in staff and previews) reads the primary, as does
every request that writes (anything but GET and HEAD).

Reads go to the replica only while serving a request that PrimaryForStaffMiddleware marked as
a public read; management commands, the shell, tests that call the ORM directly and any other
code outside such a request read the primary.

Replication lag: once a request writes, it reads the primary until it ends (db_for_write turns
the mark off), so it sees what it wrote. A read inside a transaction on the primary (an
`atomic` block) also reads the primary, where that transaction's own writes are.
"""

from contextvars import ContextVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"

# True only while serving a public read; a ContextVar is per thread and per asyncio task, so
# each of gunicorn's threads (or each ASGI request) has its own.
_public_read = ContextVar("careerguide_public_read", default=False)


def is_public_read(request):
    """May this request read a replica a second or two behind? Only an anonymous GET or
    HEAD outside the admin: no session cookie (no staff, no preview), no write expected."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(reverse("admin:index"))
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        if _public_read.get():
            _public_read.set(False)  # read our own write for the rest of the request
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: an object read from one may refer to one from the
        # other.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a copy of the primary: only the primary is migrated.
        return db == PRIMARY


class PrimaryForStaffMiddleware:
    """Marks a public read for the router, for the time of the request, then takes the mark
    back (by its token, so that a thread serving the next request starts unmarked)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)

    async def __acall__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return await self.get_response(request)
        finally:
            _public_read.reset(token)
