"""Fixtures of the fleet tests: a real redis-server each."""

from tests.support.redis_server import redis_server

__all__ = ["redis_server"]
