"""The Adjudication window: the layers of one document side by side, their differences listed
and marked, the gold layer beside them; keys accept, reject and step through differences.

Left to right: one read-only text pane per annotator and one for gold. A span is shaded by its
item's kind (agreed green, only in some layers red, boundary orange, label purple); the
selected item is outlined in every pane. Below, the list of differences with each annotator's
version and the gold decision. Decisions go through ``AdjudicationController`` (undoable).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import GOLD, DocStatus, Layer, Span, SpanState
from desktop.quality import DiffItem, DiffKind
from desktop.ui.adjudication import AdjudicationController, candidate_documents
from desktop.ui.text_bridge import TextBridge
from desktop.ui.workspace import Workspace

KIND_COLOURS = {
    DiffKind.AGREED: "#c8e6c9",
    DiffKind.ONLY_SOME: "#ffcdd2",
    DiffKind.BOUNDARY: "#ffe0b2",
    DiffKind.LABEL: "#e1bee7",
    DiffKind.LABEL_AND_BOUNDARY: "#f8bbd0",
    DiffKind.ROLES: "#bbdefb",
}
GOLD_COLOUR = "#fff59d"
REJECTED_COLOUR = "#e0e0e0"
LAYER_KEYS = 4
"""Accept-from-layer keys: Alt+1 … Alt+4."""
_Index = QModelIndex | QPersistentModelIndex


class DiffTableModel(QAbstractTableModel):
    """One row per difference: kind, where, each annotator's version, the gold decision."""

    def __init__(self, controller: AdjudicationController) -> None:
        super().__init__()
        self.c = controller
        controller.refreshed.connect(self._reset)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.c.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3 + len(self.c.annotators)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = ["Difference", "Text", *self.c.annotators, "Gold"]
        return names[section] if section < len(names) else None

    def _version(self, item: DiffItem, name: str) -> str:
        if item.is_frame:
            frame = item.frames.get(name)
            if frame is None:
                return "—"
            return f"{frame.type}: " + ", ".join(f"{r} {len(ids)}" for r, ids in
                                                  frame.roles.items() if ids)
        span = item.spans.get(name)
        if span is None:
            return "—"
        marks = []
        if item.attrs_differ and span.attrs:
            marks.append(", ".join(f"{k}={v}" for k, v in span.attrs.items()))
        if item.actor_differs:
            marks.append(f"actor {span.actor or 'none'}")
        extra = f" ({'; '.join(marks)})" if marks else ""
        return f"{span.label} {span.start}–{span.end}{extra}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.c.items[index.row()]
        dec = self.c.decisions[index.row()]
        col = index.column()
        names = self.c.annotators
        if role == Qt.ItemDataRole.BackgroundRole and col == 0:
            return QBrush(QColor(KIND_COLOURS[item.kind]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and self.c.document is not None:
            return self.c.document.text[item.start:item.end]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            flags = [item.kind.value]
            if item.roles:
                flags.append("roles: " + ", ".join(item.roles))
            if item.attrs_differ:
                flags.append("attributes differ")
            if item.actor_differs:
                flags.append("actor differs")
            return "; ".join(flags)
        if col == 1:
            text = self.c.document.text[item.start:item.end] if self.c.document else ""
            return text if len(text) <= 60 else text[:57] + "…"
        if col - 2 < len(names):
            return self._version(item, names[col - 2])
        if not dec.decided:
            return "undecided"
        if dec.rejected:
            return "rejected"
        return ("= " + ", ".join(dec.taken_from)) if dec.taken_from else "edited"


class LayerPane(QTextEdit):
    """One layer of the document, read-only, with its spans shaded by difference kind."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"adjudicationPane_{name}")
        self.setAccessibleName(f"{name} layer")
        self.setReadOnly(True)
        self.bridge = TextBridge("")

    def show_text(self, text: str) -> None:
        if self.bridge.text != text:
            self.bridge = TextBridge(text)
            self.setPlainText(text)

    def _selection(self, span: Span, colour: str, *, current: bool = False,
                   strike: bool = False) -> list[QTextEdit.ExtraSelection]:
        out = []
        for s, e in span.fragments:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            self.bridge.select(cursor, s, e)
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colour))
            if current:
                fmt.setFontUnderline(True)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setFontWeight(700)
            if strike:
                fmt.setFontStrikeOut(True)
            fmt.setToolTip(span.label)
            sel.format = fmt
            out.append(sel)
        return out

    def paint(self, spans: Sequence[tuple[Span, str, bool, bool]]) -> None:
        """``(span, colour, current, struck out)`` for every span to mark."""
        sels = []
        for span, colour, current, strike in spans:
            sels += self._selection(span, colour, current=current, strike=strike)
        self.setExtraSelections(sels)

    def reveal(self, start: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.bridge.to_qt(start))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()


class AdjudicationWindow(QWidget):
    """Team → Adjudicate…: compare layers and decide the gold layer."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ws = ws
        self.setObjectName("adjudicationWindow")
        self.setWindowTitle("Adjudication — Claimdesk")
        self.resize(1300, 820)
        self.controller = AdjudicationController(ws, self)
        self.current = -1
        self.docs = QComboBox()
        self.docs.setObjectName("adjudicationDocuments")
        self.docs.setAccessibleName("Document to adjudicate")
        self.docs.setMinimumContentsLength(40)
        self.docs.activated.connect(self._on_doc_picked)
        self.state = QLabel()
        self.state.setObjectName("adjudicationStatus")
        self.panes_box = QSplitter(Qt.Orientation.Horizontal)
        self.panes: dict[str, LayerPane] = {}
        self.model = DiffTableModel(self.controller)
        self.table = QTableView()
        self.table.setObjectName("adjudicationItems")
        self.table.setAccessibleName("Differences")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.select(cur.row()))
        self.toolbar = QToolBar()
        self._build_actions()
        top = QHBoxLayout()
        top.addWidget(QLabel("Document:"))
        top.addWidget(self.docs, 1)
        top.addWidget(self.state)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.panes_box)
        split.addWidget(self.table)
        split.setSizes([480, 300])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.toolbar)
        lay.addWidget(split, 1)
        self.controller.refreshed.connect(self._on_refreshed)
        self.controller.message.connect(self._show_message)
        self.message = QLabel()
        self.message.setObjectName("adjudicationMessage")
        lay.addWidget(self.message)

    # -- actions -------------------------------------------------------------------------

    def _action(self, name: str, text: str, keys: str | Sequence[str], tip: str) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        seqs = [keys] if isinstance(keys, str) else list(keys)
        act.setShortcuts([QKeySequence(k) for k in seqs])
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.setStatusTip(tip)
        act.setToolTip(f"{tip} ({', '.join(seqs)})")
        act.setShortcutVisibleInContextMenu(True)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.accept_actions = []
        for n in range(LAYER_KEYS):
            act = self._action(f"actionAcceptLayer{n + 1}", f"Accept from layer {n + 1}",
                               f"Alt+{n + 1}", f"Take layer {n + 1}'s version into gold")
            act.triggered.connect(lambda _=False, k=n: self.accept_from(k))
            self.accept_actions.append(act)
        self.accept_all_action = self._action(
            "actionAcceptAllAgreed", "Accept all &agreed", "Ctrl+Shift+A",
            "Take every agreed, undecided item into gold (one undo step)")
        self.accept_all_action.triggered.connect(self.controller.accept_all_agreed)
        self.reject_action = self._action("actionRejectItem", "&Reject", "Alt+0",
                                          "Decide that this span is not an annotation")
        self.reject_action.triggered.connect(lambda: self._on_current(self.controller.reject))
        self.clear_action = self._action("actionClearDecision", "&Clear",
                                         "Alt+Backspace", "Remove what gold holds here")
        self.clear_action.triggered.connect(lambda: self._on_current(self.controller.undecide))
        self.next_action = self._action("actionNextUndecided", "&Next undecided",
                                        "F8", "Go to the next difference gold has not decided")
        self.next_action.triggered.connect(self.next_undecided)
        self.prev_action = self._action("actionPrevDifference", "&Previous",
                                        "Shift+F8", "Go to the previous difference")
        self.prev_action.triggered.connect(lambda: self.select(max(0, self.current - 1)))
        self.done_action = self._action("actionMarkAdjudicated", "&Mark adjudicated",
                                        "Ctrl+Shift+D",
                                        "Set this document's gold layer to done")
        self.done_action.triggered.connect(lambda: self.controller.set_adjudicated(True))
        self.edge_actions = []
        for name, text, keys, edge, step in (
                ("actionGoldStartLeft", "Gold start ←", "Alt+Shift+Left", "start", -1),
                ("actionGoldStartRight", "Gold start →", "Alt+Shift+Right", "start", 1),
                ("actionGoldEndLeft", "Gold end ←", "Alt+Left", "end", -1),
                ("actionGoldEndRight", "Gold end →", "Alt+Right", "end", 1)):
            act = self._action(name, text, keys, f"Move the gold span's {edge} by a word")
            act.triggered.connect(lambda _=False, e=edge, d=step: self._on_current(
                lambda row: self.controller.move_edge(row, e, d)))
            self.edge_actions.append(act)
        self.relabel_box = QComboBox()
        self.relabel_box.setObjectName("adjudicationRelabel")
        self.relabel_box.setAccessibleName("Relabel the gold span as")
        self.relabel_box.addItem("Relabel gold…", "")
        for lab in self.ws.codebook.labels:
            self.relabel_box.addItem(lab.name, lab.name)
        self.relabel_box.activated.connect(self._on_relabel)
        for act in self.accept_actions:
            self.toolbar.addAction(act)
        self.toolbar.addSeparator()
        for act in (self.accept_all_action, self.reject_action, self.clear_action):
            self.toolbar.addAction(act)
        self.toolbar.addWidget(self.relabel_box)
        self.toolbar.addSeparator()
        for act in (self.prev_action, self.next_action, self.done_action):
            self.toolbar.addAction(act)

    def menu_actions(self) -> list[QAction]:
        return [*self.accept_actions, self.accept_all_action, self.reject_action,
                self.clear_action, *self.edge_actions, self.next_action, self.prev_action,
                self.done_action]

    # -- documents -----------------------------------------------------------------------

    def refresh_documents(self) -> None:
        """List the documents two or more annotators did (with their adjudication status)."""
        current = self.controller.document.id if self.controller.document else None
        self.docs.clear()
        for doc_id, title, names, status in candidate_documents(self.ws):
            self.docs.addItem(f"{title} — {', '.join(names)} — gold: {status.value}",
                              doc_id)
        if current is not None and self.docs.findData(current) >= 0:
            self.docs.setCurrentIndex(self.docs.findData(current))

    def open_document(self, doc_id: str | None = None,
                      annotators: Sequence[str] | None = None) -> None:
        """Adjudicate ``doc_id`` (default: the first candidate document)."""
        if self.docs.count() == 0:
            self.refresh_documents()
        if doc_id is None:
            if self.docs.count() == 0:
                self._show_message("No document has layers from two annotators yet: merge "
                                   "their files first (Team → Merge…)")
                return
            doc_id = str(self.docs.itemData(0))
        index = self.docs.findData(doc_id)
        if index >= 0:
            self.docs.setCurrentIndex(index)
        self.current = -1
        self.controller.load(doc_id, annotators)
        first = self.controller.next_undecided()
        self.select(0 if first is None else first)

    def _on_doc_picked(self, index: int) -> None:
        self.open_document(str(self.docs.itemData(index)))

    # -- items ---------------------------------------------------------------------------

    def select(self, row: int) -> None:
        if not self.controller.items or row < 0:
            self.current = -1
            self._paint()
            return
        row = min(row, len(self.controller.items) - 1)
        self.current = row
        if self.table.currentIndex().row() != row:
            self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        item = self.controller.items[row]
        for pane in self.panes.values():
            pane.reveal(item.start)
        self._paint()

    def next_undecided(self) -> None:
        row = self.controller.next_undecided(self.current)
        if row is None:
            self._show_message("Every difference in this document is decided")
            return
        self.select(row)

    def accept_from(self, k: int) -> None:
        names = self.controller.annotators
        if k >= len(names) or self.current < 0:
            return
        row = self.current
        if self.controller.accept(row, names[k]):
            self.select(row)

    def _on_current(self, fn: Any) -> None:
        if self.current >= 0:
            row = self.current
            fn(row)
            self.select(row)

    def _on_relabel(self, index: int) -> None:
        label = str(self.relabel_box.itemData(index) or "")
        self.relabel_box.setCurrentIndex(0)
        if label and self.current >= 0:
            self.controller.relabel(self.current, label)

    # -- painting ------------------------------------------------------------------------

    def _on_refreshed(self) -> None:
        c = self.controller
        names = [*c.annotators, GOLD]
        if list(self.panes) != names:
            for pane in self.panes.values():
                pane.setParent(None)
                pane.deleteLater()
            self.panes = {n: LayerPane(n) for n in names}
            for n, pane in self.panes.items():
                box = QWidget()
                col = QVBoxLayout(box)
                col.setContentsMargins(2, 2, 2, 2)
                title = QLabel(f"<b>{n}</b>" + (" (decisions)" if n == GOLD else ""))
                col.addWidget(title)
                col.addWidget(pane, 1)
                self.panes_box.addWidget(box)
        if c.document is not None:
            for pane in self.panes.values():
                pane.show_text(c.document.text)
        for k, act in enumerate(self.accept_actions):
            act.setEnabled(k < len(c.annotators))
            act.setText(f"Accept from {c.annotators[k]}" if k < len(c.annotators)
                        else f"Accept from layer {k + 1}")
        undecided = len(c.undecided())
        at = self.docs.findData(c.document.id) if c.document is not None else -1
        if at >= 0:  # the list shows each document's adjudication status too
            text = self.docs.itemText(at)
            self.docs.setItemText(at, text[:text.rfind("gold: ")] + f"gold: {c.status.value}")
        self.state.setText(f"Adjudication: {c.status.value} · {len(c.items)} items, "
                           f"{undecided} undecided")
        if self.current >= len(c.items):
            self.current = len(c.items) - 1
        if self.current >= 0 and self.table.currentIndex().row() != self.current:
            self.table.selectRow(self.current)
        self._paint()

    def _paint(self) -> None:
        c = self.controller
        marks: dict[str, list[tuple[Span, str, bool, bool]]] = {n: [] for n in self.panes}
        for row, item in enumerate(c.items):
            current = row == self.current
            colour = KIND_COLOURS[item.kind]
            if item.is_frame:
                if current:  # outline the frame's content in each layer that has it
                    for name, frame in item.frames.items():
                        spans = {s.id: s for s in c.layers[name].spans}
                        for sid in frame.roles.get("content", ()):
                            if sid in spans and name in marks:
                                marks[name].append((spans[sid], colour, True, False))
                continue
            for name, span in item.spans.items():
                if name in marks:
                    marks[name].append((span, colour, current, False))
        gold_current = set(c.decisions[self.current].gold_spans) if 0 <= self.current < len(
            c.decisions) else set()
        for span in c.gold.spans:
            rejected = span.state is SpanState.REJECTED
            marks[GOLD].append((span, REJECTED_COLOUR if rejected else GOLD_COLOUR,
                                span.id in gold_current, rejected))
        for name, pane in self.panes.items():
            pane.paint(marks.get(name, []))
        has_item = 0 <= self.current < len(c.items)
        for act in (self.reject_action, self.clear_action):
            act.setEnabled(has_item)
        self.done_action.setEnabled(c.document is not None and c.status is not DocStatus.DONE)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)

    def layer_of(self, name: str) -> Layer:
        return self.controller.gold if name == GOLD else self.controller.layers[name]
