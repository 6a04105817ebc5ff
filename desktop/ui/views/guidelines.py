"""The guidelines pane: the codebook's descriptions, rendered for reading while annotating.

``tooltip_for_label`` / ``tooltip_for_attribute`` give the same text as tooltips, so the
annotation panel and the article view explain a label where it is used.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.core.codebook import AttributeDef, Codebook, FrameTypeDef, LabelDef, RoleDef
from desktop.ui.workspace import Workspace


def _para(text: str) -> str:
    return escape(" ".join(text.split()))


def _swatch(label: LabelDef) -> str:
    return (f"<span style='background:{label.color}; color:{label.color}'>&nbsp;&nbsp;&nbsp;"
            f"</span>")


def _values(attr: AttributeDef) -> str:
    if not attr.closed:
        return "<i>free text</i>"
    vals = [f"<b>{escape(v)}</b>" if v == attr.default else escape(v) for v in attr.values]
    return " · ".join(vals)


def tooltip_for_label(codebook: Codebook, name: str) -> str:
    """Rich-text tooltip for a span label: colour, key, description and its attributes."""
    label = codebook.label(name)
    if label is None:
        return f"<b>{escape(name)}</b> (not in the codebook)"
    key = f" &nbsp;<small>key <b>{escape(label.key)}</b></small>" if label.key else ""
    out = [f"<p>{_swatch(label)} <b>{escape(label.name)}</b>{key}</p>"]
    if label.description:
        out.append(f"<p>{_para(label.description)}</p>")
    for attr in label.attributes:
        out.append(f"<p><b>{escape(attr.name)}</b>: {_values(attr)}</p>")
    if label.links_actor:
        out.append("<p><i>Link to the actor registry (Ctrl+K).</i></p>")
    return "".join(out)


def tooltip_for_attribute(codebook: Codebook, owner: str, name: str) -> str:
    """Tooltip for attribute ``name`` of a span label or frame type called ``owner``."""
    label = codebook.label(owner)
    ftype = codebook.frame_type(owner)
    attrs = label.attributes if label else ftype.attributes if ftype else ()
    attr = next((a for a in attrs if a.name == name), None)
    if attr is None:
        return f"<b>{escape(name)}</b> (not in the codebook)"
    text = f"<p><b>{escape(owner)}.{escape(attr.name)}</b>: {_values(attr)}</p>"
    if attr.description:
        text += f"<p>{_para(attr.description)}</p>"
    return text


def tooltip_for_role(codebook: Codebook, frame_type: str, role: str) -> str:
    ftype = codebook.frame_type(frame_type)
    rdef = ftype.role(role) if ftype else None
    if rdef is None:
        return escape(role)
    return f"<p><b>{escape(role)}</b> ({_limits(rdef)}): {_para(rdef.description)}</p>"


def _limits(role: RoleDef) -> str:
    takes = ", ".join(role.labels)
    if role.max is None:
        n = f"at least {role.min}" if role.min else "any number"
    elif role.min == role.max:
        n = f"exactly {role.min}"
    else:
        n = f"{role.min} to {role.max}"
    return f"{n} {takes}"


def _frame_html(ftype: FrameTypeDef) -> str:
    rows = "".join(
        f"<tr><td><b>{escape(r.name)}</b></td><td>{escape(_limits(r))}</td>"
        f"<td>{_para(r.description)}</td></tr>" for r in ftype.roles)
    attrs = "".join(f"<li><b>{escape(a.name)}</b>: {_values(a)}"
                    f"{'<br>' + _para(a.description) if a.description else ''}</li>"
                    for a in ftype.attributes)
    return (f"<h3>{escape(ftype.name)}</h3><p>{_para(ftype.description)}</p>"
            f"<table cellspacing='0' cellpadding='4' border='0' width='100%'>{rows}</table>"
            + (f"<ul>{attrs}</ul>" if attrs else ""))


def guidelines_html(codebook: Codebook) -> str:
    """The whole codebook as simple HTML for a QTextBrowser."""
    parts = [f"<h2>{escape(codebook.name)} <small>v{escape(codebook.version)}</small></h2>"]
    if codebook.description:
        parts.append(f"<p>{_para(codebook.description)}</p>")
    parts.append("<h2>Span labels</h2>")
    for label in codebook.labels:
        key = f" &nbsp;<small>key <b>{escape(label.key)}</b></small>" if label.key else ""
        parts.append(f"<h3>{_swatch(label)} {escape(label.name)}{key}</h3>")
        parts.append(f"<p>{_para(label.description)}</p>")
        items = []
        for attr in label.attributes:
            desc = f"<br>{_para(attr.description)}" if attr.description else ""
            items.append(f"<li><b>{escape(attr.name)}</b>: {_values(attr)}{desc}</li>")
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
        notes = []
        if label.keep_quotes:
            notes.append("selections keep their enclosing quotation marks")
        if label.links_actor:
            notes.append("link mentions to the actor registry (Ctrl+K)")
        if notes:
            sentence = "; ".join(notes)
            parts.append(f"<p><i>{escape(sentence[:1].upper() + sentence[1:])}.</i></p>")
    if codebook.frames:
        parts.append("<h2>Frames</h2>")
        parts.extend(_frame_html(f) for f in codebook.frames)
    if codebook.relations:
        parts.append("<h2>Relations</h2><ul>")
        for rel in codebook.relations:
            parts.append(f"<li><b>{escape(rel.name)}</b>: {escape(', '.join(rel.head))} → "
                         f"{escape(', '.join(rel.tail))}. {_para(rel.description)}</li>")
        parts.append("</ul>")
    parts.append(f"<h2>Actor kinds</h2><p>{escape(', '.join(codebook.actor_kinds))}</p>")
    return "".join(parts)


class GuidelinesPane(QTextBrowser):
    """Read-only help pane showing the project's codebook."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setObjectName("guidelinesPane")
        self.setAccessibleName("Annotation guidelines")
        self.setOpenExternalLinks(True)
        self.document().setDocumentMargin(10)
        self.refresh()

    def refresh(self) -> None:
        self.setHtml(guidelines_html(self.ws.codebook))
