"""The static site, built once for the unit tests of render/site."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.loading import Atlas
from render.site import build_site


@pytest.fixture(scope="session")
def site(atlas: Atlas, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(atlas, out)
    return out
