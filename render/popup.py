"""Popup and tooltip HTML for one feature. Every value is escaped here, once."""

from __future__ import annotations

from html import escape
from typing import Any

_UNCERTAIN = {"reported", "illustrative", "approximate", "schematic", "derived", "proposed", "planned"}
_EXTRA_LABELS = {
    "capacity": "Capacity",
    "volume": "Volume",
    "operator": "Operator",
    "sovereignty": "Sovereignty",
}


def _text(value: Any) -> str:
    return escape(str(value), quote=True)


def _link(source: dict[str, Any]) -> str:
    url = str(source.get("url", ""))
    title = _text(source.get("title", url))
    meta = ", ".join(_text(source[k]) for k in ("publisher", "date") if source.get(k))
    if url.startswith(("https://", "http://")):
        title = f'<a href="{_text(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return f"{title} ({meta})" if meta else title


def _present(value: Any) -> bool:
    return value is not None and value == value and value != "" and value != []  # NaN-safe


def popup_html(props: dict[str, Any], computed: list[tuple[str, str]]) -> str:
    """The popup: what it is, how sure we are, measured figures, who says what, sources."""
    badges = []
    for key in ("status", "confidence", "geometry_accuracy"):
        if _present(props.get(key)):
            css = ' class="uncertain"' if props[key] in _UNCERTAIN else ""
            label = "geometry " + str(props[key]) if key == "geometry_accuracy" else str(props[key])
            badges.append(f"<span{css}>{_text(label)}</span>")
    parts = [
        '<div class="corridors-popup">',
        f"<h3>{_text(props.get('name', ''))}</h3>",
        f'<div class="badges">{"".join(badges)}</div>',
    ]
    if props.get("disputed") is True:
        parts.append("<p><strong>Sovereignty disputed.</strong></p>")
    if _present(props.get("description")):
        parts.append(f"<p>{_text(props['description'])}</p>")
    rows = [(label, value) for label, value in computed]
    rows += [(label, props[key]) for key, label in _EXTRA_LABELS.items() if _present(props.get(key))]
    if _present(props.get("date")):
        rows.append(("As of", props["date"]))
    if rows:
        parts.append(
            "<table>"
            + "".join(f"<tr><th>{_text(k)}</th><td>{_text(v)}</td></tr>" for k, v in rows)
            + "</table>"
        )
    figures = props.get("figures") if _present(props.get("figures")) else []
    if figures:
        items = "".join(
            f"<li>{_text(f['label'])}: <strong>{_text(f['value'])}</strong> — "
            f"{_link(f.get('source') or {})}</li>"
            for f in figures
        )
        parts.append(f"<h4>Published figures</h4><ul>{items}</ul>")
    names = props.get("other_names") if _present(props.get("other_names")) else []
    if names:
        items = "".join(
            f"<li>{_text(n.get('name', ''))}"
            + (f" — {_text(n['used_by'])}" if n.get("used_by") else "")
            + "</li>"
            for n in names
            if isinstance(n, dict)
        )
        parts.append(f"<h4>Also called</h4><ul>{items}</ul>")
    positions = props.get("positions") if _present(props.get("positions")) else []
    if positions:
        items = "".join(
            f"<li><strong>{_text(p.get('actor', ''))}</strong>"
            + (f" ({_text(p['date'])})" if p.get("date") else "")
            + f": {_text(p.get('position', ''))} — {_link(p.get('source') or {})}</li>"
            for p in positions
            if isinstance(p, dict)
        )
        parts.append(f"<h4>Stated positions</h4><ul>{items}</ul>")
    sources = props.get("sources") if _present(props.get("sources")) else []
    if sources:
        items = "".join(f"<li>{_link(s)}</li>" for s in sources if isinstance(s, dict))
        parts.append(f'<h4>Sources</h4><ul class="sources">{items}</ul>')
    parts.append("</div>")
    return "".join(parts)


def tooltip_html(props: dict[str, Any]) -> str:
    """One line on hover: name, status, confidence."""
    bits = [str(props.get(k)) for k in ("status", "confidence") if _present(props.get(k))]
    suffix = f" — {' · '.join(bits)}" if bits else ""
    disputed = " (disputed)" if props.get("disputed") is True else ""
    return _text(f"{props.get('name', '')}{disputed}{suffix}")


def upload_popup_html(props: dict[str, Any], name: str) -> str:
    """Popup for a user's uploaded feature: every property as escaped text."""
    rows = "".join(
        f"<tr><th>{_text(k)}</th><td>{_text(v)}</td></tr>"
        for k, v in props.items()
        if not str(k).startswith("_")
    )
    return (
        f'<div class="corridors-popup"><h3>{_text(name)}</h3>'
        f"<p>Your upload (unverified).</p><table>{rows}</table></div>"
    )
