"""The sources of a download, deduplicated by URL: as CSL-JSON (for Zotero, Pandoc, citeproc),
BibTeX (biblatex ``@online``) and a plain list.

Sources are collected from what a reader can open on the date: each feature's sources,
stated positions and published figures dated up to the date, and every source of the states
that had begun by then (a report published later may be the evidence for an earlier state).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from layers.timeline import DateError, FuzzyDate, parse_date
from render.download.features import Selection
from render.download.meta import metadata

# CSL item types, by publisher (first match wins; case-insensitive). The data's sources are
# mostly news, so that is the default; reference works, gazetteers, official and company sites
# are web pages; agency statistics, analyses and briefings are reports.
TYPE_RULES: tuple[tuple[str, str], ...] = (
    ("energy information administration", "report"),
    ("jamestown foundation", "report"),
    ("global energy monitor", "report"),
    ("s&p global", "report"),
    ("bbc monitoring", "report"),
    ("dac beachcroft", "report"),
    ("wikipedia", "webpage"),
    ("wikiwand", "webpage"),
    ("geonames", "webpage"),
    ("britannica", "webpage"),
    ("president of the republic", "webpage"),
    ("ministry", "webpage"),
    ("bp azerbaijan", "webpage"),
    ("bp georgia", "webpage"),
    ("not an established outlet", "webpage"),
)
DEFAULT_TYPE = "article-newspaper"


@dataclass(frozen=True)
class Source:
    """One cited publication."""

    publisher: str
    title: str
    url: str
    date: str  # as written: YYYY, YYYY-MM or YYYY-MM-DD, or ""

    @property
    def when(self) -> FuzzyDate | None:
        """The date with its precision (None when missing or unreadable)."""
        try:
            return parse_date(self.date) if self.date else None
        except DateError:
            return None

    @property
    def csl_type(self) -> str:
        """CSL item type from the publisher (see TYPE_RULES)."""
        publisher = self.publisher.casefold()
        return next((kind for word, kind in TYPE_RULES if word in publisher), DEFAULT_TYPE)


def _source(raw: Any) -> Source | None:
    if not isinstance(raw, Mapping):
        return None
    text = {k: str(raw.get(k) or "").strip() for k in ("publisher", "title", "url", "date")}
    if not (text["url"] or text["title"]):
        return None
    return Source(**text)


def _cited(props: Mapping[str, Any]) -> Iterable[Any]:
    """Every source a popup lists on the date (props already as of the date)."""
    yield from props.get("sources") or []
    for state in props.get("history") or []:
        if isinstance(state, Mapping):
            yield from state.get("sources") or []
    for item in (*(props.get("positions") or []), *(props.get("figures") or [])):
        if isinstance(item, Mapping):
            yield item.get("source")


def sources_of(selection: Selection) -> list[Source]:
    """Distinct sources (by URL; by publisher and title for one without a URL), sorted by
    publisher, date and title."""
    found: dict[str, Source] = {}
    for feature in selection.features:
        for raw in _cited(feature.props):
            source = _source(raw)
            if source is None:
                continue
            key = source.url or f"{source.publisher}\n{source.title}"
            found.setdefault(key, source)
    return sorted(found.values(), key=lambda s: (s.publisher.casefold(), s.date, s.title.casefold(), s.url))


def _ascii_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", plain)


def citation_keys(sources: list[Source]) -> list[str]:
    """Unique keys like ``reuters2026strait`` (a, b, … appended to repeats), starting with a
    letter."""
    keys: list[str] = []
    seen: set[str] = set()
    for s in sources:
        publisher = next(iter(_ascii_words(s.publisher)), "source").lower()
        title = next((w.lower() for w in _ascii_words(s.title) if len(w) > 3), "")
        year = str(s.when.start.year) if s.when else "nd"
        base = f"{publisher}{year}{title}"
        base = base if base[0].isalpha() else f"src{base}"  # some tools refuse a leading digit
        key, n = base, 0
        while key in seen:
            key = f"{base}{_suffix(n)}"
            n += 1
        seen.add(key)
        keys.append(key)
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


def _date_parts(when: FuzzyDate) -> list[int]:
    day = when.start
    return [day.year, day.month, day.day][: {"year": 1, "month": 2, "day": 3}[when.precision]]


def csl_items(selection: Selection) -> list[dict[str, Any]]:
    """CSL-JSON items (citeproc's input format)."""
    sources = sources_of(selection)
    items = []
    for key, s in zip(citation_keys(sources), sources, strict=True):
        item: dict[str, Any] = {"id": key, "type": s.csl_type, "title": s.title or s.url}
        if s.publisher:
            item["container-title"] = s.publisher
        if s.url:
            item["URL"] = s.url
        if s.when:
            item["issued"] = {"date-parts": [_date_parts(s.when)]}
        items.append(item)
    return items


def csl_bytes(selection: Selection) -> bytes:
    """CSL-JSON: an array of items."""
    return (json.dumps(csl_items(selection), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# LaTeX's special characters in text fields. Braces become commands, not ``\{``: BibTeX counts
# every brace when it finds a field's end, escaped or not.
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def tex_escape(text: str) -> str:
    """Text for a BibTeX field: LaTeX specials escaped, line breaks and controls as spaces."""
    return _TEX_RE.sub(lambda m: _TEX[m.group(0)], _CONTROL.sub(" ", text))


def bib_url(url: str) -> str:
    """A URL for biblatex's verbatim ``url`` field: only what would break the entry (braces,
    backslashes, spaces) percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group(0)):02X}", url)


def bibtex_text(selection: Selection) -> str:
    """biblatex ``@online`` entries, one per source."""
    sources = sources_of(selection)
    entries = []
    for key, s in zip(citation_keys(sources), sources, strict=True):
        fields = [("title", "{" + tex_escape(s.title or s.url) + "}")]
        if s.publisher:
            fields.append(("organization", tex_escape(s.publisher)))
        if s.when:
            fields.append(("date", s.when.iso))
        if s.url:
            fields.append(("url", bib_url(s.url)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@online{{{key},\n{body}\n}}\n")
    meta = metadata(selection)
    head = (
        f"% Sources of the layers {', '.join(selection.layer_ids)} on {meta['as_of']}: "
        f"{len(sources)} entries ({meta['generator']}).\n"
    )
    return head + "\n" + "\n".join(entries)


def bibtex_bytes(selection: Selection) -> bytes:
    """The BibTeX file, UTF-8 (biber reads it as is)."""
    return bibtex_text(selection).encode("utf-8")


def text_lines(selection: Selection) -> list[str]:
    """'Publisher, "Title", 2 March 2026, URL', one per source."""
    lines = []
    for s in sources_of(selection):
        parts = [s.publisher, f'"{s.title}"' if s.title else "", s.when.news() if s.when else "", s.url]
        lines.append(", ".join(p for p in parts if p))
    return lines


def text_bytes(selection: Selection) -> bytes:
    """A plain list under a one-line heading."""
    meta = metadata(selection)
    lines = text_lines(selection)
    head = (
        f"Sources of the layers {', '.join(selection.layer_ids)} on {meta['as_of']} "
        f"({len(lines)} sources, {meta['generator']})"
    )
    return (head + "\n\n" + "\n".join(lines) + "\n").encode("utf-8")
