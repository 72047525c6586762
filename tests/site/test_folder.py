"""The site's folder: never someone else's files."""

from __future__ import annotations

import pytest

from render.site.folder import MARKER, SiteError, SiteFolder


def test_a_foreign_folder_or_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SiteError, match="not empty and holds no earlier site"):
        SiteFolder(tmp_path).prepare()
    with pytest.raises(SiteError, match="it is a file"):
        SiteFolder(tmp_path / "notes.txt").prepare()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_rebuild_removes_only_the_earlier_sites_files(tmp_path):
    first = SiteFolder(tmp_path / "out")
    first.prepare()
    first.write_text("index.html", "old")
    first.write_text("data/old/gone.json", "{}")
    first.finish()
    (tmp_path / "out" / "CNAME").write_text("maps.example.org")
    second = SiteFolder(tmp_path / "out")
    second.prepare()
    assert not (tmp_path / "out" / "index.html").exists() and not (tmp_path / "out" / "data").exists()
    assert (tmp_path / "out" / "CNAME").read_text() == "maps.example.org"
    second.write_text("index.html", "new")
    second.finish()
    assert (tmp_path / "out" / MARKER).read_text().split() == ["index.html"]


def test_a_marker_cannot_remove_files_outside_the_site(tmp_path):
    outside = tmp_path / "keep.txt"
    outside.write_text("keep")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MARKER).write_text("../keep.txt\n/etc/hostname\n")
    SiteFolder(tmp_path / "out").prepare()
    assert outside.read_text() == "keep"
