"""The centre of the window: the article's title and metadata, its text and the find bar."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.ui.theme import error_colour
from desktop.ui.views.article_view import ArticleView
from desktop.ui.views.find_bar import FindBar
from desktop.ui.workspace import Workspace


class ArticlePane(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setObjectName("articlePane")
        self.header = QLabel()
        self.header.setObjectName("articleHeader")
        self.header.setAccessibleName("Article title and metadata")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(18, 10, 18, 8)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        self.view = ArticleView(workspace)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.find_bar = FindBar(self.view)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(rule)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.find_bar)
        workspace.document_opened.connect(lambda _id: self.update_header())
        workspace.view_layer_changed.connect(lambda _name: self.update_header())

    def update_header(self) -> None:
        doc = self.ws.current
        if doc is None:
            self.header.setText("<i>No document open</i>")
            return
        meta = doc.meta
        bits = [escape(str(meta[k])) for k in ("outlet", "author") if meta.get(k)]
        if meta.get("published"):
            bits.append(escape(str(meta["published"])[:10]))
        layer = self.ws.view_layer
        pal = self.palette()
        if not self.ws.viewing_own_layer:
            bits.append(f"<b style='color:{error_colour(pal).name()}'>viewing "
                        f"{escape(layer)}'s layer (read-only)</b>")
        ink = pal.color(QPalette.ColorRole.WindowText).name()
        quiet = pal.color(QPalette.ColorRole.PlaceholderText).name()
        self.header.setText(
            f"<div style='font-size:15pt; font-weight:600; color:{ink}'>{escape(doc.title)}"
            f"</div><div style='color:{quiet}; margin-top:3px'>{' · '.join(bits)}</div>")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.update_header()  # its colours come from the palette
