"""Popup and tooltip HTML for one feature. Every value is escaped here, once.

A popup is three parts: ``popup_head`` (the name), ``state_html`` (the state on the chosen
date: one per dated state, so the browser can switch dates without asking the server) and
``popup_tail`` (key figures, description, then other names, published figures, stated
positions, history and sources as ``<details>`` sections, closed, so that the first screen of a
small popup holds what a reader needs first). Items of the tail that carry ``data-from`` are
removed by the browser when they are dated after the chosen date (it then recounts the
sections' ``.count``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from typing import Any

from layers.styles import CONFIDENCE_LABEL, STATUS_LABEL
from layers.timeline import DateError, parse_date

_EXTRA_LABELS = {
    "capacity": "Capacity",
    "volume": "Volume",
    "operator": "Operator",
    "sovereignty": "Sovereignty",
}
_ACCURACY_LABEL = {
    "precise": "surveyed position (within about 1 km)",
    "approximate": "approximate: follows known waypoints",
    "schematic": "schematic: only the ends or waypoints are real",
    "derived": "derived: computed from other geometry",
}
_UNCERTAIN = {"reported", "illustrative"}
# A number and the unit after it ("34.1 km", "20.7 nmi", "10 bcm/yr") never part at a wrap.
_NUMBER_UNIT = re.compile(r"(\d[\d.,]*) ([^\W\d_][\w/²³%]*)")


def _text(value: Any) -> str:
    return escape(str(value), quote=True)


def _figure(value: Any) -> str:
    """A value as escaped HTML in which each number stays on one line with its unit."""
    return _NUMBER_UNIT.sub(r'<span class="nb">\1 \2</span>', _text(value))


def _section(css: str, title: str, items: list[str]) -> str:
    """A closed ``<details>`` section with its item count in the summary."""
    return (
        f'<details class="{css}"><summary>{_text(title)} <span class="count">({len(items)})</span>'
        f"</summary><ul>{''.join(items)}</ul></details>"
    )


def _present(value: Any) -> bool:
    return value is not None and value == value and value != "" and value != []  # NaN-safe


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _news(value: Any) -> str:
    try:
        return parse_date(value).news()
    except DateError:
        return str(value)


def _from(value: Any) -> str:
    """``data-from`` attribute (the day an item starts) for the browser's date filter."""
    try:
        return f' data-from="{parse_date(value).start.isoformat()}"'
    except DateError:
        return ""


def source_link(source: Mapping[str, Any]) -> str:
    """'Title (Publisher, date)' with the title linked when the URL is http(s)."""
    url = str(source.get("url", ""))
    title = _text(source.get("title", url))
    meta = ", ".join(_text(source[k]) for k in ("publisher", "date") if source.get(k))
    if url.startswith(("https://", "http://")):
        title = f'<a href="{_text(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return f"{title} ({meta})" if meta else title


def status_line(status: str | None, confidence: str | None) -> str:
    """'Status: Planned · Confidence: Confirmed', spelled out, uncertain values marked."""
    parts = []
    if status:
        parts.append(f"<strong>Status:</strong> {_text(STATUS_LABEL.get(status, status))}")
    if confidence:
        css = ' class="uncertain"' if confidence in _UNCERTAIN else ""
        label = _text(CONFIDENCE_LABEL.get(confidence, confidence))
        parts.append(f"<strong>Confidence:</strong> <span{css}>{label}</span>")
    return " · ".join(parts)


def popup_head(props: Mapping[str, Any]) -> str:
    """Opening of the popup: the name, and a sovereignty flag for contested territory."""
    disputed = "<p><strong>Sovereignty disputed.</strong></p>" if props.get("disputed") is True else ""
    return f'<div class="corridors-popup"><h3>{_text(props.get("name", ""))}</h3>{disputed}'


def state_html(state: Mapping[str, Any]) -> str:
    """The state on the chosen date: status and confidence, since when, and who says so."""
    since = f" <span class='since'>(since {_text(_news(state['date']))})</span>" if state.get("date") else ""
    note = f"<p>{_text(state['note'])}</p>" if _present(state.get("note")) else ""
    return f'<p class="state">{status_line(state.get("status"), state.get("confidence"))}{since}</p>{note}'


def event_html(props: Mapping[str, Any], recency_label: str) -> str:
    """An event's dating on the chosen date."""
    start = _text(_news(props["start"]))
    end = f" – {_text(_news(props['end']))}" if _present(props.get("end")) else " (no end reported)"
    kind = _text(str(props.get("event_type", "event")).capitalize())
    return (
        f'<p class="state"><strong>{kind}</strong>, {start}{end}<br>'
        f"{_text(recency_label)} · {status_line(None, props.get('confidence'))}</p>"
    )


def popup_tail(props: Mapping[str, Any], computed: Sequence[tuple[str, str]]) -> str:
    """Key figures and description, then other names, published figures, positions, history
    and sources in closed sections; closes the popup."""
    parts = []
    rows = [(m[0], m[1]) for m in computed]
    rows += [(label, props[key]) for key, label in _EXTRA_LABELS.items() if _present(props.get(key))]
    if props.get("geometry_accuracy") in _ACCURACY_LABEL:
        rows.append(("Position", _ACCURACY_LABEL[props["geometry_accuracy"]]))
    if rows:
        parts.append(
            '<table class="figures">'
            + "".join(f"<tr><th>{_text(k)}</th><td>{_figure(v)}</td></tr>" for k, v in rows)
            + "</table>"
        )
    if _present(props.get("description")):
        parts.append(f'<p class="description">{_text(props["description"])}</p>')
    names = [n for n in _items(props.get("other_names")) if isinstance(n, dict)]
    if names:
        parts.append(
            _section(
                "names",
                "Also called",
                [
                    f"<li>{_text(n.get('name', ''))}"
                    + (f" — {_text(n['used_by'])}" if n.get("used_by") else "")
                    + "</li>"
                    for n in names
                ],
            )
        )
    figures = [f for f in _items(props.get("figures")) if isinstance(f, dict)]
    if figures:
        items = [
            f"<li{_from((f.get('source') or {}).get('date'))}>{_text(f.get('label', ''))}: "
            f"<strong>{_figure(f.get('value', ''))}</strong> — "
            f"{source_link(f.get('source') or {})}</li>"
            for f in figures
        ]
        parts.append(_section("published", "Published figures", items))
    positions = [p for p in _items(props.get("positions")) if isinstance(p, dict)]
    if positions:
        items = [
            f"<li{_from(p.get('date'))}><strong>{_text(p.get('actor', ''))}</strong>"
            + (f" ({_text(_news(p['date']))})" if p.get("date") else "")
            + f": {_text(p.get('position', ''))} — {source_link(p.get('source') or {})}</li>"
            for p in positions
        ]
        parts.append(_section("positions", "Stated positions", items))
    history = [s for s in _items(props.get("history")) if isinstance(s, dict)]
    if len(history) > 1:
        items = [
            f"<li{_from(s.get('date'))}><strong>{_text(_news(s['date']) if s.get('date') else 'Earlier')}"
            f"</strong>: {_text(STATUS_LABEL.get(s.get('status', ''), s.get('status', '')))} — "
            f"{_text(s.get('note', ''))}</li>"
            for s in history
        ]
        parts.append(_section("history", "History", items))
    sources = [s for s in _items(props.get("sources")) if isinstance(s, dict)]
    for state in history:
        sources += [s for s in _items(state.get("sources")) if isinstance(s, dict) and s not in sources]
    if sources:
        parts.append(
            _section(
                "sources", "Sources", [f"<li{_from(s.get('date'))}>{source_link(s)}</li>" for s in sources]
            )
        )
    parts.append("</div>")
    return "".join(parts)


def popup_html(props: Mapping[str, Any], computed: Sequence[tuple[str, str]], day: date | None = None) -> str:
    """The whole popup for one state (the static site and tests; the browser composes its own)."""
    state = {
        "date": props.get("state_date"),
        "status": props.get("status"),
        "confidence": props.get("confidence"),
        "note": props.get("state_note"),
    }
    html = popup_head(props) + state_html(state) + popup_tail(props, computed)
    del day  # items after the date are filtered where the date is known (the browser)
    return html


def tooltip_text(name: str, status: str | None, confidence: str | None, disputed: bool = False) -> str:
    """One line on hover: name, then status and confidence each named (escaped)."""
    bits = [
        f"Status: {STATUS_LABEL.get(status, status)}" if status else "",
        f"Confidence: {CONFIDENCE_LABEL[confidence]}" if confidence in CONFIDENCE_LABEL else "",
    ]
    suffix = " — " + " · ".join(b for b in bits if b) if any(bits) else ""
    return _text(f"{name}{' (disputed)' if disputed else ''}{suffix}")


def upload_popup_html(props: Mapping[str, Any], name: str) -> str:
    """Popup for a user's uploaded feature: its own properties as escaped text."""
    rows = "".join(
        f"<tr><th>{_text(k)}</th><td>{_text(v)}</td></tr>"
        for k, v in props.items()
        if not str(k).startswith("_") and _present(v)
    )
    return (
        f'<div class="corridors-popup"><h3>{_text(name)}</h3>'
        f"<p>Your upload (unverified).</p><table>{rows}</table></div>"
    )
