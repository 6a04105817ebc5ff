"""Linking SOURCE/ACTOR spans to registry actors.

The functions do the work (each user gesture is one undo step, a macro when it touches
several spans); ``LinkActorDialog`` is a small non-modal window over them with a completer
on actor names and aliases. Tests drive either without ``exec()``.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import Actor, Span
from desktop.core.names import propose_actor_name
from desktop.ui.workspace import Workspace

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def can_link(ws: Workspace, span: Span | None) -> bool:
    """True when ``span`` is in our own layer and its label links to actors."""
    if span is None or ws.current is None or not ws.can_edit:
        return False
    label = ws.codebook.label(span.label)
    return label is not None and label.links_actor


def same_mentions(ws: Workspace, span: Span, actor: Actor | None = None) -> list[Span]:
    """Other unlinked, linkable spans of our layer whose text is the span's text or, when
    ``actor`` is given, one of its names."""
    names = {_fold(span.text)}
    if actor is not None:
        names |= {_fold(actor.name), *(_fold(a) for a in actor.aliases)}
    linkable = {lab.name for lab in ws.codebook.labels if lab.links_actor}
    return [s for s in ws.layer().spans
            if s.id != span.id and s.actor is None and s.label in linkable
            and _fold(s.text) in names]


def link_span(ws: Workspace, span_id: str, actor_id: str | None, *,
              all_mentions: bool = False) -> int:
    """Link ``span_id`` to ``actor_id`` (None unlinks); returns how many spans changed.

    With ``all_mentions`` the other unlinked mentions of the same name or alias in this
    document are linked too, in the same undo step.
    """
    span = ws.span(span_id)
    if span is None:
        return 0
    actor = ws.project.actors.find(actor_id) if actor_id else None
    if actor_id and actor is None:
        ws.error.emit(f"no actor with id {actor_id!r}")
        return 0
    targets = [span]
    if all_mentions and actor is not None:
        targets += same_mentions(ws, span, actor)
    targets = [s for s in targets if s.actor != actor_id]
    if not targets:
        return 0
    what = f"Link {span.label} to {actor.name}" if actor else f"Unlink {span.label}"
    if len(targets) == 1:
        return 1 if ws.update_span(replace(targets[0], actor=actor_id), what) else 0
    with ws.group(f"{what} ({len(targets)} mentions)"):
        return sum(1 for s in targets if ws.update_span(replace(s, actor=actor_id), what))


def kind_for(ws: Workspace, span: Span) -> str:
    """The actor kind a new actor made from ``span`` gets: its ``kind`` attribute or person."""
    kind = span.attrs.get("kind")
    kinds = ws.codebook.actor_kinds
    if isinstance(kind, str) and kind in kinds:
        return kind
    return "person" if "person" in kinds or not kinds else kinds[0]


def new_actor_from_span(ws: Workspace, span_id: str, *, name: str | None = None,
                        all_mentions: bool = False) -> Actor | None:
    """Create an actor and link the span (one undo step).

    ``name`` is the actor's name as the user confirmed it, case kept (default: the name
    ``propose_actor_name`` makes of the span text: no possessive, no title). If an actor with
    that exact name or alias already exists, the span is linked to it instead of creating a
    duplicate.
    """
    span = ws.span(span_id)
    if span is None or not can_link(ws, span):
        return None
    name = " ".join((name if name is not None else propose_actor_name(span.text)).split())
    if not name:
        return None
    existing = ws.project.actors.by_name(name)
    if existing is not None:
        link_span(ws, span_id, existing.id, all_mentions=all_mentions)
        return existing
    with ws.group(f"New actor {name} from {span.label}"):
        actor = ws.add_actor(Actor(id="", name=name, kind=kind_for(ws, span)))
        if actor is not None:
            link_span(ws, span_id, actor.id, all_mentions=all_mentions)
    return actor


def completion_model(actors: list[Actor]) -> QStandardItemModel:
    """One completer row per name and per alias; the actor id travels in ``ACTOR_ID_ROLE``."""
    model = QStandardItemModel()
    for actor in actors:
        for text in (actor.name, *(f"{a} → {actor.name}" for a in actor.aliases)):
            item = QStandardItem(text)
            item.setData(actor.id, ACTOR_ID_ROLE)
            item.setToolTip(f"{actor.name} ({actor.kind})")
            model.appendRow(item)
    return model


class LinkActorDialog(QDialog):
    """Non-modal: type a name or alias (completed), Enter links to that actor, or creates an
    actor with the typed name when none has it; Ctrl+Shift+N always creates.

    The field starts with the linked actor, a registry actor the span names, or else the
    proposed canonical name of the span (``propose_actor_name``), selected so typing
    replaces it."""

    def __init__(self, workspace: Workspace, span_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.span_id = span_id
        self.setObjectName("linkActorDialog")
        self.setWindowTitle("Link to actor")
        self.setAccessibleName("Link span to actor")
        span = workspace.span(span_id)
        self.span_text = span.text if span is not None else ""
        label = span.label if span is not None else ""

        self.prompt = QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.prompt.setText(f"Link {label} “{' '.join(self.span_text.split())[:120]}” to:")
        self.edit = QLineEdit()
        self.edit.setObjectName("actorName")
        self.edit.setAccessibleName("Actor name or alias")
        self.edit.setPlaceholderText("Name or alias of a registry actor")
        self.entries: dict[str, str] = {}
        actors = workspace.project.actors.all()
        self.completer_model = completion_model(actors)
        for row in range(self.completer_model.rowCount()):
            item = self.completer_model.item(row)
            self.entries[_fold(item.text())] = str(item.data(ACTOR_ID_ROLE))
        self.completer = QCompleter(self.completer_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]
            self._on_completed)

        self.all_mentions = QCheckBox()
        self.all_mentions.setObjectName("linkAllMentions")
        self.all_mentions.setChecked(True)
        self.status = QLabel()
        self.status.setObjectName("linkStatus")
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.link_button = buttons.addButton("Link", QDialogButtonBox.ButtonRole.AcceptRole)
        self.new_button = QPushButton("New actor")
        self.new_button.setObjectName("newActorButton")
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.unlink_button = buttons.addButton("Unlink", QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.link_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.link_button.clicked.connect(self.accept_text)
        self.new_button.clicked.connect(self.create_from_span)
        self.unlink_button.clicked.connect(self.unlink)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.create_from_span)

        lay = QVBoxLayout(self)
        lay.addWidget(self.prompt)
        lay.addWidget(self.edit)
        lay.addWidget(self.all_mentions)
        lay.addWidget(self.status)
        lay.addWidget(buttons)

        current = workspace.project.actors.find(span.actor) if span and span.actor else None
        proposal = propose_actor_name(self.span_text)
        registry = workspace.project.actors
        guess = (current or registry.by_name(" ".join(self.span_text.split()))
                 or registry.by_name(proposal))
        self.edit.setText(guess.name if guess else proposal)
        self.edit.selectAll()
        self.unlink_button.setEnabled(current is not None)
        self.edit.textChanged.connect(self._update_status)
        self._update_status()
        self.resize(460, self.sizeHint().height())

    # -- resolving the typed text --------------------------------------------------------

    def resolve(self, text: str | None = None) -> Actor | None:
        """The actor the typed text names: a completer entry, a name or an alias."""
        typed = self.edit.text() if text is None else text
        actor_id = self.entries.get(_fold(typed))
        if actor_id is not None:
            return self.ws.project.actors.find(actor_id)
        return self.ws.project.actors.by_name(" ".join(typed.split()))

    def _mentions_count(self, actor: Actor | None) -> int:
        span = self.ws.span(self.span_id)
        return len(same_mentions(self.ws, span, actor)) if span is not None else 0

    def _update_status(self) -> None:
        actor = self.resolve()
        n = self._mentions_count(actor)
        self.all_mentions.setText(
            f"Also link the other {n} unlinked mention{'s' if n != 1 else ''} with this "
            "name or an alias in this document")
        self.all_mentions.setEnabled(n > 0)
        typed = " ".join(self.edit.text().split())
        if actor is not None:
            self.status.setText(f"Enter links to {actor.name} ({actor.kind}).")
        elif typed:
            self.status.setText(f"No actor by that name or alias: Enter (or Ctrl+Shift+N) "
                                f"creates “{typed}” and links the span.")
        else:
            self.status.setText("Type the actor's name or an alias.")
        self.new_button.setText(f"New actor “{typed[:40]}” (Ctrl+Shift+N)" if typed
                                else "New actor (Ctrl+Shift+N)")
        self.new_button.setEnabled(bool(typed) and actor is None)
        self.link_button.setEnabled(actor is not None)

    # -- actions -------------------------------------------------------------------------

    def link(self, span_id: str, actor_id: str | None, all_mentions: bool) -> int:
        """Link (or with None unlink) and close; returns how many spans changed."""
        n = link_span(self.ws, span_id, actor_id, all_mentions=all_mentions)
        self.accept()
        return n

    def accept_text(self) -> bool:
        """Enter: link to the actor the text names (False when it names none)."""
        actor = self.resolve()
        if actor is None:
            self._update_status()
            return False
        self.link(self.span_id, actor.id, self.all_mentions.isChecked()
                  and self.all_mentions.isEnabled())
        return True

    def create_from_span(self) -> Actor | None:
        """A new actor with the typed name (as typed: case kept), linked to the span."""
        typed = " ".join(self.edit.text().split())
        if not typed:
            self._update_status()
            return None
        actor = new_actor_from_span(self.ws, self.span_id, name=typed,
                                    all_mentions=self.all_mentions.isChecked())
        self.accept()
        return actor

    def unlink(self) -> None:
        self.link(self.span_id, None, False)

    def _on_completed(self, index: QModelIndex) -> None:
        """Picking a completion links at once (the checkbox decides about other mentions)."""
        actor_id = index.data(ACTOR_ID_ROLE)
        if isinstance(actor_id, str) and actor_id:
            actor = self.ws.project.actors.find(actor_id)
            if actor is not None:
                self.edit.setText(actor.name)
            self._update_status()
            self.link(self.span_id, actor_id, self.all_mentions.isChecked()
                      and self.all_mentions.isEnabled())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            popup = self.completer.popup()
            if (popup is None or not popup.isVisible()) and not self.accept_text():
                self.create_from_span()  # no actor by that name: make it, as typed
            return
        super().keyPressEvent(event)
