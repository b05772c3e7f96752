"""Shared pieces of the fault tests: free and closed ports on 127.0.0.1."""

import socket

import pytest


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it; we close it before use)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    return free_port()
