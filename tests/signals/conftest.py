from __future__ import annotations

import pytest

from tests.signals.builders import World


@pytest.fixture
def world(db) -> World:
    return World()
