"""Tree models of one document layer: spans grouped by label, and attribution frames.

Both read the layer the Workspace shows (ours, editable; or another annotator's, read-only),
keep ids in custom roles, and write through Workspace methods only (each edit undoable).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.core.changes import Change
from desktop.core.codebook import AttributeDef, Codebook
from desktop.core.model import Frame, JsonValue, Layer, Span, SpanState, span_order
from desktop.core.validate import frame_limit_problems
from desktop.ui.models.tree_model import EDITABLE, Node, NodeKind, TreeModel
from desktop.ui.theme import muted_colour
from desktop.ui.views.guidelines import (
    tooltip_for_attribute,
    tooltip_for_label,
    tooltip_for_role,
)
from desktop.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_MAX_SHOWN = 160


class AnnRole(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    SPAN_ID = Qt.ItemDataRole.UserRole + 2
    FRAME_ID = Qt.ItemDataRole.UserRole + 3
    ROLE = Qt.ItemDataRole.UserRole + 4
    LABEL = Qt.ItemDataRole.UserRole + 5
    ATTR = Qt.ItemDataRole.UserRole + 6
    """Name of the attribute edited in this cell (None when the cell is not an attribute)."""
    CHOICES = Qt.ItemDataRole.UserRole + 7
    """Allowed values of a closed attribute (a list; empty for free text)."""


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A label group of the span tree."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class SpanRow:
    """A span and the name of the actor it links to ("" when none)."""

    span: Span
    actor: str


@dataclass(frozen=True, slots=True)
class FrameRow:
    """A frame, its role-limit problems and its content text."""

    frame: Frame
    problems: tuple[str, ...]
    content: str


@dataclass(frozen=True, slots=True)
class FillerRow:
    """One span filling one role of a frame (``span`` None when it is missing)."""

    frame_id: str
    role: str
    span: Span | None
    span_id: str


def short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_SHOWN else flat[:_MAX_SHOWN - 1] + "…"


def with_attr(attrs: Mapping[str, JsonValue], name: str, value: str) -> dict[str, JsonValue]:
    """``attrs`` with ``name`` set to ``value`` (removed when the value is empty)."""
    out = dict(attrs)
    if value:
        out[name] = value
    else:
        out.pop(name, None)
    return out


def _attr_value(attrs: Mapping[str, JsonValue], name: str) -> str:
    value = attrs.get(name)
    return "" if value is None else str(value)


def _choices(attr: AttributeDef) -> list[str]:
    return ["", *attr.values] if attr.closed else []


class _LayerModel(TreeModel):
    def __init__(self, workspace: Workspace, columns: int) -> None:
        super().__init__(columns)
        self.ws = workspace
        self._actor_names: dict[str, str] = {}

    @property
    def codebook(self) -> Codebook:
        return self.ws.codebook

    @property
    def read_only(self) -> bool:
        return self.ws.current is None or not self.ws.can_edit

    def shown_layer(self) -> Layer:
        return self.ws.shown_layer()

    def actor_name(self, actor_id: str | None) -> str:
        if not actor_id:
            return ""
        if actor_id not in self._actor_names:
            actor = self.ws.project.actors.find(actor_id)
            self._actor_names[actor_id] = actor.name if actor else f"({actor_id})"
        return self._actor_names[actor_id]

    def forget_actors(self) -> None:
        self._actor_names.clear()

    first_editable_column = 0
    """No column left of this one is ever editable (lets ``flags`` answer quickly)."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        column = index.column()
        if column < self.first_editable_column:
            return flags
        node = self.node(index)
        if node is not None and not self.read_only and self._editable(node, column):
            flags |= EDITABLE
        return flags

    def _editable(self, node: Node, column: int) -> bool:
        return False


class SpanColumns:
    """Column layout: text, one column per attribute slot, actor, note."""

    def __init__(self, codebook: Codebook) -> None:
        self.slots = max([len(lab.attributes) for lab in codebook.labels] + [1])
        self.text = 0
        self.actor = self.slots + 1
        self.note = self.slots + 2
        self.count = self.slots + 3

    def slot(self, column: int) -> int | None:
        return column - 1 if 1 <= column <= self.slots else None


class SpanTreeModel(_LayerModel):
    """Label groups (every codebook label, in codebook order) with their spans as children."""

    first_editable_column = 1  # column 0 is the span text

    def __init__(self, workspace: Workspace) -> None:
        self.cols = SpanColumns(workspace.codebook)
        super().__init__(workspace, self.cols.count)
        self.refresh()

    def _row(self, span: Span) -> SpanRow:
        return SpanRow(span, self.actor_name(span.actor))

    def refresh(self, layer: Layer | None = None) -> None:
        layer = layer if layer is not None else self.shown_layer()
        by_label: dict[str, list[Span]] = {lab.name: [] for lab in self.codebook.labels}
        for span in layer.spans:
            by_label.setdefault(span.label, []).append(span)
        if [g.key for g in self.root.children] == list(by_label):
            # Fast path (every edit): same groups; diff each group's spans in place.
            for group, spans in zip(self.root.children, by_label.values(), strict=True):
                self._sync_spans(group, spans)
                self.set_payload(group, GroupRow(group.key, len(spans)))
            return
        groups = []
        for name, spans in by_label.items():
            children = [Node(NodeKind.SPAN, s.id, self._row(s)) for s in spans]
            groups.append(Node(NodeKind.GROUP, name, GroupRow(name, len(spans)), children))
        self.sync(groups)

    def apply(self, change: Change, layer: Layer) -> bool:
        """Patch the rows of the spans ``change`` names (False: refresh instead)."""
        groups = {g.key: g for g in self.root.children}
        if change.reload or change.links or any(s.label not in groups for s in layer.spans):
            return False
        now = {s.id: s for s in layer.spans if s.id in change.spans}
        touched: set[str] = set()
        for group in groups.values():
            for node in [n for n in group.children if n.key in change.spans]:
                span = now.get(node.key)
                if span is not None and span.label == group.key and \
                        span_order(span) == span_order(node.payload.span):
                    self.set_payload(node, self._row(span))  # in place: same group, order
                    now.pop(node.key)
                else:
                    self.remove_row(group, node.row)
                touched.add(group.key)
        for span in sorted(now.values(), key=span_order):
            group = groups[span.label]
            keys = [span_order(n.payload.span) for n in group.children]
            self.insert_row(group, bisect_left(keys, span_order(span)),
                            Node(NodeKind.SPAN, span.id, self._row(span)))
            touched.add(span.label)
        for label in touched:
            self.set_payload(groups[label], GroupRow(label, len(groups[label].children)))
        return True

    def _sync_spans(self, group: Node, spans: list[Span]) -> None:
        nodes = group.children
        if len(nodes) == len(spans) and all(
                n.key == s.id for n, s in zip(nodes, spans, strict=True)):
            changed = []
            for node, span in zip(nodes, spans, strict=True):
                row = self._row(span)
                if node.payload != row:
                    node.payload = row
                    changed.append(node.row)
            self.rows_changed(group, changed)
            return
        self._sync(group, [Node(NodeKind.SPAN, s.id, self._row(s)) for s in spans])

    def span_index(self, span_id: str, column: int = 0) -> QModelIndex:
        for group in self.root.children:
            for node in group.children:
                if node.key == span_id:
                    return self.index_of(node, column)
        return QModelIndex()

    def group_index(self, label: str) -> QModelIndex:
        node = next((g for g in self.root.children if g.key == label), None)
        return self.index_of(node) if node is not None else QModelIndex()

    def _attr_def(self, node: Node, column: int) -> AttributeDef | None:
        slot = self.cols.slot(column)
        if slot is None:
            return None
        label = self.codebook.label(node.key if node.kind == NodeKind.GROUP else
                                    node.payload.span.label)
        if label is None or slot >= len(label.attributes):
            return None
        return label.attributes[slot]

    def _editable(self, node: Node, column: int) -> bool:
        return node.kind == NodeKind.SPAN and (
            column == self.cols.note or self._attr_def(node, column) is not None)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        if section == self.cols.text:
            return "Span"
        if section == self.cols.actor:
            return "Actor"
        if section == self.cols.note:
            return "Note"
        if self.cols.slot(section) is not None:
            return "Attribute" if self.cols.slots == 1 else f"Attribute {section}"
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        node = self.node(index)
        if node is None:
            return None
        col = index.column()
        if role == AnnRole.KIND:
            return int(node.kind)
        if node.kind == NodeKind.GROUP:
            return self._group_data(node, col, role)
        return self._span_data(node, col, role)

    def _group_data(self, node: Node, col: int, role: int) -> Any:
        row: GroupRow = node.payload
        name, count = row.label, row.count
        label = self.codebook.label(name)
        if role == AnnRole.LABEL:
            return name
        attr = self._attr_def(node, col)
        if role == _DISPLAY:
            if col == self.cols.text:
                return f"{name}  ({count})"
            if attr is not None:
                return attr.name
            if col == self.cols.actor and label is not None and label.links_actor:
                return "actor"
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and label is not None:
            return QColor(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if attr is not None:
                return tooltip_for_attribute(self.codebook, name, attr.name)
            return tooltip_for_label(self.codebook, name)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(col == 0)
            font.setItalic(col != 0)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col != 0:
            return muted_colour()
        return None

    def _span_data(self, node: Node, col: int, role: int) -> Any:
        row: SpanRow = node.payload
        span, actor_name = row.span, row.actor
        if role == AnnRole.SPAN_ID:
            return span.id
        if role == AnnRole.LABEL:
            return span.label
        attr = self._attr_def(node, col)
        if role == AnnRole.ATTR:
            return attr.name if attr is not None else None
        if role == AnnRole.CHOICES:
            return _choices(attr) if attr is not None else None
        # An attribute left unset whose codebook default is shown, greyed, as a default: it
        # is not the annotator's choice until they confirm it (see AttributeDef.default_ok).
        shown_default = (attr is not None and attr.default is not None
                         and attr.name not in span.attrs)
        if role in (_DISPLAY, _EDIT):
            if col == self.cols.text:
                return short(self._shown_text(span))
            if attr is not None:
                if shown_default and role == _DISPLAY:
                    return f"{attr.default} (default)"
                return _attr_value(span.attrs, attr.name)
            if col == self.cols.actor:
                return actor_name
            if col == self.cols.note:
                return span.note
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if attr is not None:
                tip = tooltip_for_attribute(self.codebook, span.label, attr.name)
                if shown_default:
                    tip = (f"<p><b>Not confirmed</b>: the codebook default is "
                           f"“{attr.default}”. Choose a value here, or press D in the "
                           f"article, to confirm it; until then it is not exported.</p>{tip}")
                return tip
            if col == self.cols.actor:
                return actor_name or "Not linked (Ctrl+K links it to an actor)"
            return _span_tooltip(span)
        if role == Qt.ItemDataRole.FontRole and (span.state is not SpanState.ACCEPTED
                                                 or shown_default):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (span.state is SpanState.REJECTED
                                                       or shown_default):
            return muted_colour()
        return None

    def _shown_text(self, span: Span) -> str:
        doc = self.ws.current
        if not span.discontinuous or doc is None:
            return span.text
        return " … ".join(doc.text[s:e] for s, e in span.fragments)

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        node = self.node(index)
        if (role != _EDIT or node is None or node.kind != NodeKind.SPAN or self.read_only
                or self.ws.current is None):
            return False
        span: Span = node.payload.span
        text = "" if value is None else str(value)
        attr = self._attr_def(node, index.column())
        if attr is not None:
            if attr.closed and text and text not in attr.values:
                return False
            new = replace(span, attrs=with_attr(span.attrs, attr.name, text))
            what = f"Set {span.label} {attr.name}"
        elif index.column() == self.cols.note:
            new = replace(span, note=text.strip())
            what = f"Edit note of {span.label}"
        else:
            return False
        return self.ws.update_span(new, what) if new != span else False


def _span_tooltip(span: Span) -> str:
    where = ", ".join(f"{s}–{e}" for s, e in span.fragments)
    state = "" if span.state is SpanState.ACCEPTED else f" · {span.state.value}"
    frags = f" · {len(span.fragments)} fragments" if span.discontinuous else ""
    return f"{span.label} {span.id} · {where}{frags}{state}\n{span.text[:600]}"


# -- frames --------------------------------------------------------------------------------


class FrameColumns:
    """Column layout: frame/role, span text, one column per frame attribute slot."""

    def __init__(self, codebook: Codebook) -> None:
        self.slots = max([len(f.attributes) for f in codebook.frames] + [0])
        self.name = 0
        self.text = 1
        self.count = 2 + self.slots

    def slot(self, column: int) -> int | None:
        return column - 2 if 2 <= column < self.count else None


class FrameTreeModel(_LayerModel):
    """Frames of the shown layer; each has one child row per role filler."""

    first_editable_column = 2  # columns 0 and 1 are the frame/role and the text

    def __init__(self, workspace: Workspace) -> None:
        self.cols = FrameColumns(workspace.codebook)
        super().__init__(workspace, self.cols.count)
        self._warning: QIcon | None = None
        self.refresh()

    def refresh(self, layer: Layer | None = None) -> None:
        layer = layer if layer is not None else self.shown_layer()
        spans = {s.id: s for s in layer.spans}
        nodes = []
        for frame in layer.frames:
            problems = tuple(p.message for p in frame_limit_problems(frame, self.codebook))
            fillers = [Node(NodeKind.FILLER, f"{role}\x1f{sid}",
                            FillerRow(frame.id, role, spans.get(sid), sid))
                       for role, ids in frame.roles.items() for sid in ids]
            content = " / ".join(spans[s].text for s in self.content_ids(frame)
                                 if s in spans)
            nodes.append(Node(NodeKind.FRAME, frame.id, FrameRow(frame, problems, content),
                              fillers))
        self.sync(nodes)

    def content_ids(self, frame: Frame) -> tuple[str, ...]:
        """Fillers of the frame type's first role (for attribution: the claim)."""
        ftype = self.codebook.frame_type(frame.type)
        first = ftype.roles[0].name if ftype is not None else next(iter(frame.roles), "")
        return tuple(frame.roles.get(first, ()))

    def frame(self, frame_id: str) -> Frame | None:
        node = next((n for n in self.root.children if n.key == frame_id), None)
        return node.payload.frame if node is not None else None

    def frame_index(self, frame_id: str) -> QModelIndex:
        node = next((n for n in self.root.children if n.key == frame_id), None)
        return self.index_of(node) if node is not None else QModelIndex()

    def _attr_def(self, node: Node, column: int) -> AttributeDef | None:
        slot = self.cols.slot(column)
        if slot is None or node.kind != NodeKind.FRAME:
            return None
        ftype = self.codebook.frame_type(node.payload.frame.type)
        if ftype is None or slot >= len(ftype.attributes):
            return None
        return ftype.attributes[slot]

    def _editable(self, node: Node, column: int) -> bool:
        return self._attr_def(node, column) is not None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        if section == self.cols.name:
            return "Frame"
        if section == self.cols.text:
            return "Text"
        slot = self.cols.slot(section)
        if slot is not None:
            names = {f.attributes[slot].name for f in self.codebook.frames
                     if slot < len(f.attributes)}
            return names.pop() if len(names) == 1 else f"Attribute {slot + 1}"
        return None

    def warning_icon(self) -> QIcon:
        if self._warning is None:
            self._warning = QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == AnnRole.KIND:
            return int(node.kind)
        if node.kind == NodeKind.FRAME:
            return self._frame_data(node, index.column(), role)
        return self._filler_data(node, index.column(), role)

    def _frame_data(self, node: Node, col: int, role: int) -> Any:
        row: FrameRow = node.payload
        frame, problems = row.frame, row.problems
        if role == AnnRole.FRAME_ID:
            return frame.id
        attr = self._attr_def(node, col)
        if role == AnnRole.ATTR:
            return attr.name if attr is not None else None
        if role == AnnRole.CHOICES:
            return _choices(attr) if attr is not None else None
        if role in (_DISPLAY, _EDIT):
            if col == self.cols.name:
                state = "" if frame.state is SpanState.ACCEPTED else f" · {frame.state.value}"
                return f"{frame.type} {frame.id}{state}"
            if col == self.cols.text:
                return short(row.content) or "(no content)"
            if attr is not None:
                return _attr_value(frame.attrs, attr.name)
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and problems:
            return self.warning_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            if attr is not None:
                return tooltip_for_attribute(self.codebook, frame.type, attr.name)
            state = "" if frame.state is SpanState.ACCEPTED else \
                f" (suggestion, {frame.state.value})"
            if problems:
                return f"Incomplete frame{state}:\n" + "\n".join(problems)
            return f"{frame.type} frame {frame.id}{state}"
        if role == Qt.ItemDataRole.FontRole and col == 0:
            font = QFont()
            font.setBold(True)
            font.setItalic(frame.state is not SpanState.ACCEPTED)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and frame.state is SpanState.REJECTED:
            return QColor("#999999")
        return None

    def _filler_data(self, node: Node, col: int, role: int) -> Any:
        filler: FillerRow = node.payload
        frame_id, role_name, span, sid = filler.frame_id, filler.role, filler.span, \
            filler.span_id
        if role == AnnRole.FRAME_ID:
            return frame_id
        if role == AnnRole.SPAN_ID:
            return sid
        if role == AnnRole.ROLE:
            return role_name
        if role == _DISPLAY:
            if col == self.cols.name:
                return role_name
            if col == self.cols.text:
                return short(span.text) if span is not None else f"(missing span {sid})"
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == self.cols.text and span:
            label = self.codebook.label(span.label)
            return QColor(label.color) if label else None
        if role == Qt.ItemDataRole.ToolTipRole:
            parent = node.parent
            ftype = parent.payload.frame.type if parent is not None else ""
            if col == self.cols.name:
                return tooltip_for_role(self.codebook, ftype, role_name)
            return _span_tooltip(span) if span is not None else None
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        node = self.node(index)
        if role != _EDIT or node is None or self.read_only:
            return False
        attr = self._attr_def(node, index.column())
        if attr is None:
            return False
        frame: Frame = node.payload.frame
        text = "" if value is None else str(value)
        if attr.closed and text and text not in attr.values:
            return False
        new = replace(frame, attrs=with_attr(frame.attrs, attr.name, text))
        return self.ws.update_frame(new) if new != frame else False

    def without_filler(self, frame_id: str, role: str, span_id: str) -> Frame | None:
        """The frame with one role filler removed (None if there is no such filler)."""
        frame = self.frame(frame_id)
        if frame is None or span_id not in frame.roles.get(role, ()):
            return None
        roles = {k: tuple(s for s in v if not (k == role and s == span_id))
                 for k, v in frame.roles.items()}
        return replace(frame, roles={k: v for k, v in roles.items() if v})
