"""A Redis that accepts connections and never answers (a hung server, not a stopped one) costs
one timeout, not one per cache call: after a failure the cache is left alone for a while."""

import socket
import threading

import pytest
from django.core.cache import caches

from careerguide.cache import TolerantRedisCache
from tests.builders import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_redis():
    """A server on a port of its own that accepts every connection and never says a word;
    yields its port and the connections it accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()
    TolerantRedisCache._failed_at = None  # this process's view of a Redis that is gone now


@pytest.fixture
def hung_cache(settings, hung_redis):
    port, accepted = hung_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "careerguide.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    return caches["default"], accepted


def test_a_hung_redis_is_waited_on_once_then_left_alone(settings, hung_cache):
    settings.CACHE_RETRY_SECONDS = 60
    cache, accepted = hung_cache

    results = [cache.get(f"key-{number}") for number in range(10)]
    cache.set("key", "value")

    assert results == [None] * 10
    assert len(accepted) == 1  # one connection, one timeout; the other calls never waited


def test_pages_are_served_while_redis_hangs(client, settings, hung_cache):
    settings.CACHE_RETRY_SECONDS = 60
    settings.CACHE_PAGES = True
    cache, accepted = hung_cache
    role = make_role(title="Served Anyway")

    for _ in range(3):
        assert "Served Anyway" in client.get(role.get_absolute_url()).text
        assert "Served Anyway" in client.get("/careers/").text

    assert len(accepted) == 1


def test_after_the_pause_redis_is_tried_again(settings, hung_cache):
    settings.CACHE_RETRY_SECONDS = 0  # no pause: every call tries Redis again
    cache, accepted = hung_cache

    for number in range(3):
        cache.get(f"key-{number}")

    assert len(accepted) >= 3
