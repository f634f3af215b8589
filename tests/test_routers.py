"""
The read replica: which database each read goes to (careerguide/routers.py).

The first tests call the router and its middleware directly and run without a replica. The
others need the "replica" alias, which exists when DATABASE_REPLICA_URL is set; pointing it at
the same database as DATABASE_URL is enough (its test database mirrors the primary's):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/router_tests \
    DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5432/router_tests \
    .venv/bin/python -m pytest tests/test_routers.py

They commit their data (transaction=True): the replica connection is a second connection and
does not see what the primary connection has not committed.
"""

import asyncio
from contextlib import contextmanager
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from careerguide.routers import PrimaryForStaffMiddleware, ReplicaRouter
from guides.models import Role
from tests.builders import make_role

router = ReplicaRouter()
factory = RequestFactory()


def read_database_while_serving(request, *, write=False):
    """The database the router reads from while the middleware serves `request`."""
    seen = {}

    def view(request):
        if write:
            seen["write"] = router.db_for_write(Role)
        seen["read"] = router.db_for_read(Role)
        return HttpResponse()

    PrimaryForStaffMiddleware(view)(request)
    return seen["read"]


def test_an_anonymous_get_of_a_public_page_reads_the_replica():
    assert read_database_while_serving(factory.get("/careers/some-role/")) == "replica"
    assert read_database_while_serving(factory.head("/careers/")) == "replica"


def test_the_admin_reads_the_primary():
    assert read_database_while_serving(factory.get(reverse("admin:index"))) == "default"
    login = reverse("admin:login")
    assert read_database_while_serving(factory.get(login)) == "default"


def test_a_request_with_a_session_cookie_reads_the_primary():
    request = factory.get("/careers/draft-role/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert read_database_while_serving(request) == "default"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_a_request_other_than_get_or_head_reads_the_primary(method):
    assert read_database_while_serving(getattr(factory, method)("/careers/")) == "default"


def test_a_public_request_reads_the_primary_after_it_writes():
    request = factory.get("/careers/some-role/")
    assert read_database_while_serving(request, write=True) == "default"


def test_reads_outside_a_request_use_the_primary():
    assert router.db_for_read(Role) == "default"


def test_the_decision_ends_with_the_response():
    PrimaryForStaffMiddleware(lambda request: HttpResponse())(factory.get("/careers/"))
    assert router.db_for_read(Role) == "default"

    def failing_view(request):
        raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        PrimaryForStaffMiddleware(failing_view)(factory.get("/careers/"))
    assert router.db_for_read(Role) == "default"


def test_the_middleware_serves_async_requests_too():
    seen = []

    async def view(request):
        seen.append(router.db_for_read(Role))
        return HttpResponse()

    middleware = PrimaryForStaffMiddleware(view)
    asyncio.run(middleware(factory.get("/careers/")))
    asyncio.run(middleware(factory.post("/careers/")))
    assert seen == ["replica", "default"]
    assert router.db_for_read(Role) == "default"


def test_concurrent_requests_each_keep_their_own_decision():
    seen = {}

    async def view(request):
        await asyncio.sleep(0)  # let the other request run in between
        seen[request.method] = router.db_for_read(Role)
        return HttpResponse()

    middleware = PrimaryForStaffMiddleware(view)

    async def both():
        await asyncio.gather(
            middleware(factory.get("/careers/")), middleware(factory.post("/careers/"))
        )

    asyncio.run(both())
    assert seen == {"GET": "replica", "POST": "default"}


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_reads_the_primary():
    def view(request):
        with transaction.atomic():
            return HttpResponse(router.db_for_read(Role))

    response = PrimaryForStaffMiddleware(view)(factory.get("/careers/"))
    assert response.content == b"default"


def test_writes_go_to_the_primary_and_only_the_primary_is_migrated():
    assert router.db_for_write(Role) == "default"
    assert router.allow_migrate("default", "guides") is True
    assert router.allow_migrate("replica", "guides") is False
    primary, replica = Role(), Role()
    primary._state.db, replica._state.db = "default", "replica"
    assert router.allow_relation(primary, replica) is True


# With the replica configured: the queries each connection actually runs.

needs_replica = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES,
        reason="needs the replica alias: set DATABASE_REPLICA_URL (see the module's docstring)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("_close_the_replica_afterwards"),
]


@pytest.fixture(scope="module")
def _close_the_replica_afterwards():
    """Django closes the primary's connection pool before it drops the test database, but not
    the mirror's, whose open connections would stop the drop."""
    yield
    connections["replica"].close()
    connections["replica"].close_pool()


@contextmanager
def queries():
    """The queries run on the primary and on the replica meanwhile."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield SimpleNamespace(primary=primary, replica=replica)


@pytest.fixture
def role(settings):
    settings.CACHE_PAGES = False  # every request renders its page, and so reads
    return make_role()


class TestWithTheReplica:
    pytestmark = needs_replica

    def test_an_anonymous_guide_page_reads_the_replica_only(self, client, role):
        with queries() as ran:
            response = client.get(reverse("careers:detail", args=[role.slug]))
        assert response.status_code == 200
        assert role.title in response.text
        assert len(ran.replica) > 0
        assert len(ran.primary) == 0

    def test_an_admin_page_reads_the_primary_only(self, admin_client, role):
        with queries() as ran:
            response = admin_client.get(reverse("admin:guides_role_change", args=[role.pk]))
        assert response.status_code == 200
        assert len(ran.primary) > 0
        assert len(ran.replica) == 0

    @pytest.mark.urls(__name__)
    def test_a_post_reads_the_primary_where_a_get_reads_the_replica(self, client, role):
        # Public pages refuse a POST before reading anything, so a view of this module's own
        # (`urlpatterns` below) reads on any method, behind every middleware of the site.
        with queries() as get:
            assert client.get("/roles-count/").content == b"1"
        with queries() as post:
            assert client.post("/roles-count/").content == b"1"
        assert (len(get.primary), len(get.replica)) == (0, 1)
        assert (len(post.primary), len(post.replica)) == (1, 0)

    def test_a_management_command_reads_the_primary_only(self, role):
        with queries() as ran:
            call_command("export_guide", role.slug, stdout=StringIO())
        assert len(ran.primary) > 0
        assert len(ran.replica) == 0

    def test_the_orm_outside_a_request_reads_the_primary_only(self, role):
        with queries() as ran:
            assert Role.objects.filter(pk=role.pk).exists()
        assert len(ran.primary) == 1
        assert len(ran.replica) == 0


def roles_count(request):
    return HttpResponse(str(Role.objects.count()))


urlpatterns = [
    path("roles-count/", roles_count),
    path(settings.ADMIN_URL, admin.site.urls),  # the middleware tells the admin by its URL
]
