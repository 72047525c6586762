"""Shared fixtures: the shipped atlas, loaded once per test session."""

from __future__ import annotations

import pytest

from layers.loading import Atlas, load_atlas


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas()
