"""accounts.cache.RedisCache: Redis unreachable means process memory, not a 500."""

import pytest

from accounts import cache as cache_module
from accounts.cache import RedisCache
from tests.faults.conftest import free_port


@pytest.fixture
def unreachable():
    cache = RedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    cache._fallback.clear()
    return cache


def test_calls_fall_back_to_process_memory_with_a_warning(unreachable, caplog):
    assert unreachable.add("code-used", "y", 30) is True
    assert unreachable.add("code-used", "y", 30) is False  # a TOTP code still works once
    assert unreachable.get("code-used") == "y"
    unreachable.set("attempts", 1)
    assert unreachable.incr("attempts") == 2
    unreachable.delete("attempts")
    assert unreachable.get("attempts", "gone") == "gone"
    assert caplog.text.count("Redis cache unreachable") == 1  # once per outage, not per call


def test_redis_is_asked_again_after_the_pause(unreachable, monkeypatch, caplog):
    unreachable.get("anything")
    clock = cache_module.time.monotonic() + cache_module.RETRY_AFTER_SECONDS + 1
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: clock)

    unreachable.get("anything")

    assert caplog.text.count("Redis cache unreachable") == 2


def test_one_redis_client_is_kept_per_server_and_works():
    import os

    cache = RedisCache(os.environ["REDIS_URL"], {})
    cache.set("reused-client", "ja", 30)

    assert cache.get("reused-client") == "ja"
    assert cache.get_many(["reused-client"]) == {"reused-client": "ja"}
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    cache.delete("reused-client")
