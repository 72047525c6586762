"""Which format an upload is, from its content (never its name), and its text decoding.

A first look at the bytes chooses the reader: ZIP (KMZ or zipped Shapefile), SQLite
(GeoPackage), JSON (GeoJSON, read by ``layers.upload.geojson``), XML (KML or GPX) or delimited
text (CSV). GDAL then confirms the format by opening the file (``layers.upload.ogr``); anything
else is refused with the list of accepted formats.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass

from layers.upload.limits import Limits, UploadRefused, accepted_formats, megabytes

# Recognisable files that are not geodata, so the refusal can say what the file is.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\x00\x00\x27\x0a", "a bare Shapefile .shp: zip it with its .shx, .dbf and .prj files"),
    (b"\xd0\xcf\x11\xe0", "an Office document"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_ROOT = re.compile(r"<\s*(?:[\w.-]+:)?([\w.-]+)")
_XML_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)\s*", re.DOTALL)


@dataclass(frozen=True)
class Sniffed:
    """The reader to use: ``geojson``, ``kml``, ``gpx``, ``gpkg``, ``kmz``, ``shapezip``, ``csv``;
    ``text`` is the decoded content for the text formats."""

    kind: str
    text: str | None = None


def refuse_format(name: str, what: str) -> UploadRefused:
    """The refusal for a file of the wrong kind, with what it looks like and what is accepted."""
    return UploadRefused(f"{name}: {what}, not a format this map reads. Accepted: {accepted_formats()}.")


def decode_text(raw: bytes, name: str) -> str:
    """Text in UTF-8 (with or without a BOM), UTF-16 or UTF-32 (with a BOM)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UploadRefused(
                    f"{name}: starts as {encoding.upper()} text but byte {exc.start:,} is not valid "
                    f"{encoding.upper()}"
                ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:4096]:
            raise refuse_format(name, "binary data") from None
        raise UploadRefused(
            f"{name}: not UTF-8 text: byte {exc.start:,} (0x{raw[exc.start]:02X}) is not valid UTF-8; "
            "save the file as UTF-8"
        ) from None


def sniff(raw: bytes, name: str, limits: Limits) -> Sniffed:
    """The reader for these bytes, or a refusal saying what they are."""
    if not raw.strip():
        raise UploadRefused(f"{name}: the file is empty")
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return Sniffed(archive_kind(raw, name, limits))
    if raw.startswith(b"SQLite format 3\x00"):
        return Sniffed("gpkg")
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise refuse_format(name, what)
    text = decode_text(raw, name)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return Sniffed("geojson", text)
    if head.startswith("<"):
        return Sniffed(_xml_kind(head, name), text)
    first = head.split("\n", 1)[0]
    if "\x00" in text[:4096]:
        raise refuse_format(name, "binary data")
    if any(sep in first for sep in (",", ";", "\t", "|")):
        return Sniffed("csv", text)
    raise refuse_format(name, "text that is neither JSON, XML nor CSV")


def _xml_kind(head: str, name: str) -> str:
    if re.search(r"<!(?:DOCTYPE|ENTITY)", head[:200_000], re.IGNORECASE):
        raise UploadRefused(
            f"{name}: XML with a DOCTYPE or entity declarations is not accepted (KML and GPX need none)"
        )
    body = head
    while True:
        match = _XML_PROLOGUE.match(body)
        if not match or not match.group(0):
            break
        body = body[match.end() :]
    root = _XML_ROOT.match(body)
    tag = root.group(1).lower() if root else ""
    if tag == "kml":
        return "kml"
    if tag == "gpx":
        return "gpx"
    if tag == "html":
        raise refuse_format(name, "an HTML page")
    raise refuse_format(name, f"an XML document with root element <{tag[:40]}>" if tag else "malformed XML")


def archive_kind(raw: bytes, name: str, limits: Limits) -> str:
    """``kmz`` or ``shapezip``, after checking the archive cannot expand beyond its limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UploadRefused(f"{name}: a damaged ZIP archive ({exc})"[:300]) from None
    if len(members) > limits.max_archive_members:
        raise UploadRefused(
            f"{name}: the ZIP archive holds {len(members):,} files, over the limit of "
            f"{limits.max_archive_members:,}"
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_archive_bytes:
        raise UploadRefused(
            f"{name}: the ZIP archive expands to {megabytes(total)}, over the limit of "
            f"{megabytes(limits.max_archive_bytes)}"
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadRefused(f"{name}: the ZIP archive is encrypted")
    suffixes = {m.filename.rsplit(".", 1)[-1].lower() for m in members if "." in m.filename}
    if "kml" in suffixes:
        return "kmz"
    if "shp" in suffixes:
        return "shapezip"
    if "[content_types].xml" in {m.filename.lower() for m in members}:
        raise refuse_format(name, "an Office document")
    raise refuse_format(name, "a ZIP archive with neither a .kml nor a .shp file")
