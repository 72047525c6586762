"""The folder a static site is written into: never someone else's files.

A site records what it wrote in ``.corridors-site``; building again into the same folder
removes exactly those files first (a file the publisher added, such as a CNAME, stays), and a
folder that holds other files and no record is refused.
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".corridors-site"


class SiteError(Exception):
    """A site that cannot be written (the message says why and what to do)."""


class SiteFolder:
    """Writes files under ``root`` by relative path (``/`` separated) and remembers them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: list[str] = []

    def prepare(self) -> None:
        """Refuse a file or a foreign non-empty folder; remove an earlier site's files."""
        root = self.root
        if root.exists() and not root.is_dir():
            raise SiteError(f"cannot write the site into {root}: it is a file")
        marker = root / MARKER
        if root.is_dir() and not marker.is_file() and any(root.iterdir()):
            raise SiteError(
                f"{root} is not empty and holds no earlier site (no {MARKER} file): "
                "choose a new or empty folder"
            )
        if marker.is_file():
            for rel in marker.read_text(encoding="utf-8").splitlines():
                path = (root / rel).resolve()
                if rel and path.is_relative_to(root.resolve()) and path.is_file():
                    path.unlink()
            for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                if not any(folder.iterdir()):
                    folder.rmdir()
        root.mkdir(parents=True, exist_ok=True)

    def path(self, rel: str) -> Path:
        """Where a relative path lands (its folder created), recorded as written."""
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        self.written.append(rel)
        return target

    def write_bytes(self, rel: str, data: bytes) -> int:
        """Write a file; returns its size."""
        self.path(rel).write_bytes(data)
        return len(data)

    def write_text(self, rel: str, text: str) -> int:
        """Write UTF-8 text; returns its size in bytes."""
        return self.write_bytes(rel, text.encode("utf-8"))

    def finish(self) -> None:
        """Record what was written, for the next build."""
        (self.root / MARKER).write_text("\n".join(sorted(set(self.written))) + "\n", encoding="utf-8")
