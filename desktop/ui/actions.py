"""Every window action declared once: id, text, shortcut, tip; MainWindow builds the QActions.

Label actions (keys 1-9) are not in the table: they come from the project's codebook, see
``label_actions``. Shortcuts whose context is ``ARTICLE`` only fire while the article view (or
its find bar) has focus, so plain keys such as 1-4, A, R, F, Delete and Enter never steal typing
or list navigation from the panels.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.core.codebook import Codebook
from desktop.ui.icons import action_icon


class ActionId(Enum):
    NEW_PROJECT = auto()
    OPEN_PROJECT = auto()
    CLOSE_PROJECT = auto()
    SWITCH_ANNOTATOR = auto()
    RENAME_ANNOTATOR = auto()
    BACKUPS = auto()
    HISTORY = auto()
    PREFERENCES = auto()
    IMPORT = auto()
    EXPORT = auto()
    QUIT = auto()
    DELETE_SPAN = auto()
    CLEAR_SELECTION = auto()
    SNAP_TO_WORDS = auto()
    START_LEFT = auto()
    START_RIGHT = auto()
    END_LEFT = auto()
    END_RIGHT = auto()
    ADD_FRAGMENT = auto()
    NEXT_SPAN = auto()
    PREV_SPAN = auto()
    ATTRIBUTE = auto()
    FINISH_FRAME = auto()
    RELATE = auto()
    FIND = auto()
    FIND_NEXT = auto()
    FIND_PREV = auto()
    ZOOM_IN = auto()
    ZOOM_OUT = auto()
    ZOOM_RESET = auto()
    DONE_NEXT = auto()
    SKIP_DOC = auto()
    NEXT_DOC = auto()
    PREV_DOC = auto()
    CONFIRM_DEFAULTS = auto()
    INLINE_TAGS = auto()
    FRAME_LINKS = auto()
    SHORTCUTS = auto()
    ABOUT = auto()


class Menu(Enum):
    FILE = "&File"
    EDIT = "&Edit"
    LABEL = "&Label"
    DOCUMENT = "&Document"
    VIEW = "&View"
    HELP = "&Help"
    """Built last, after the menus the window adds itself (Actors)."""


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: ActionId
    text: str
    shortcuts: tuple[str, ...]
    tip: str
    menu: Menu
    checkable: bool = False
    article: bool = False
    """Active only while the article view has focus (plain-key shortcuts)."""
    separator_before: bool = False
    icon: str = ""
    """Stem of an SVG in resources/icons/actions ("" for none)."""


def _spec(id: ActionId, text: str, shortcuts: str | tuple[str, ...], tip: str, menu: Menu,
          icon: str = "", **kw: bool) -> ActionSpec:
    keys = (shortcuts,) if isinstance(shortcuts, str) else shortcuts
    return ActionSpec(id, text, tuple(k for k in keys if k), tip, menu, icon=icon, **kw)


SPECS: tuple[ActionSpec, ...] = (
    _spec(ActionId.NEW_PROJECT, "&New project…", "Ctrl+N",
          "Create a project file with a codebook of your choice", Menu.FILE),
    _spec(ActionId.OPEN_PROJECT, "&Open project…", "Ctrl+O", "Open another project file",
          Menu.FILE),
    _spec(ActionId.CLOSE_PROJECT, "&Close project", "Ctrl+W",
          "Close this project (every edit is already saved)", Menu.FILE),
    _spec(ActionId.IMPORT, "&Import…", "Ctrl+I",
          "Import documents and annotations (files, folders, .zip); or drop them on the window",
          Menu.FILE, icon="import", separator_before=True),
    _spec(ActionId.EXPORT, "&Export…", "Ctrl+E",
          "Export a layer of the corpus (JSONL, spaCy, CoNLL, Hugging Face, brat, CSV, …)",
          Menu.FILE, icon="export"),
    _spec(ActionId.SWITCH_ANNOTATOR, "S&witch annotator…", (),
          "Annotate under another name (your own layer); also a click on the name in the "
          "status bar", Menu.FILE, separator_before=True),
    _spec(ActionId.RENAME_ANNOTATOR, "&Rename annotator…", (),
          "Correct a misspelt annotator name in this project (all of its layers)", Menu.FILE),
    _spec(ActionId.BACKUPS, "&Backups…", (),
          "This project's backups: make one now, or put one back", Menu.FILE, icon="backup",
          separator_before=True),
    _spec(ActionId.HISTORY, "&History…", (),
          "Who changed what, when: the project's change log, of the open document or of one "
          "person", Menu.FILE),
    _spec(ActionId.PREFERENCES, "&Preferences…", "Ctrl+,",
          "Appearance, text size, snapping, suggestions and your default annotator name",
          Menu.FILE, icon="preferences", separator_before=True),
    _spec(ActionId.QUIT, "&Quit", "Ctrl+Q", "Close Claimdesk (every edit is already saved)",
          Menu.FILE, separator_before=True),
    # Edit
    _spec(ActionId.DELETE_SPAN, "&Delete span", "Del", "Delete the selected span",
          Menu.EDIT, icon="delete-span", article=True, separator_before=True),
    _spec(ActionId.CLEAR_SELECTION, "Clear selection / cancel", "Esc",
          "Cancel the attribution gesture, or clear the text and span selection", Menu.EDIT,
          article=True),
    _spec(ActionId.ADD_FRAGMENT, "Add selection as &fragment", "F",
          "Add the selected text to the selected span as another fragment (split quotes)",
          Menu.EDIT, article=True, separator_before=True),
    _spec(ActionId.START_LEFT, "Move span start left", "Alt+Shift+Left",
          "Extend the selected span at its start by one word (one character with snapping off)",
          Menu.EDIT, article=True, separator_before=True),
    _spec(ActionId.START_RIGHT, "Move span start right", "Alt+Shift+Right",
          "Shrink the selected span at its start", Menu.EDIT, article=True),
    _spec(ActionId.END_LEFT, "Move span end left", "Alt+Left",
          "Shrink the selected span at its end", Menu.EDIT, article=True),
    _spec(ActionId.END_RIGHT, "Move span end right", "Alt+Right",
          "Extend the selected span at its end by one word", Menu.EDIT, article=True),
    _spec(ActionId.NEXT_SPAN, "Select next span", "]", "Select the next span in the text",
          Menu.EDIT, article=True, separator_before=True),
    _spec(ActionId.PREV_SPAN, "Select previous span", "[",
          "Select the previous span in the text", Menu.EDIT, article=True),
    _spec(ActionId.SNAP_TO_WORDS, "&Snap selections to words", "Ctrl+Shift+W",
          "Snap new selections to whole words and trim spaces and punctuation", Menu.EDIT,
          checkable=True, separator_before=True),
    _spec(ActionId.FIND, "&Find in article…", "Ctrl+F", "Find text in the article", Menu.EDIT,
          icon="find", separator_before=True),
    _spec(ActionId.FIND_NEXT, "Find next", ("F3", "Ctrl+G"), "Go to the next match", Menu.EDIT),
    _spec(ActionId.FIND_PREV, "Find previous", ("Shift+F3", "Ctrl+Shift+G"),
          "Go to the previous match", Menu.EDIT),
    # Label
    _spec(ActionId.ATTRIBUTE, "&Attribute claim…", "A",
          "With a CLAIM selected: pick its SOURCE and CUE spans (click them, or select text "
          "and press 3/4), then Enter", Menu.LABEL, icon="attribute", article=True,
          separator_before=True),
    _spec(ActionId.FINISH_FRAME, "&Finish frame / accept suggestion", ("Return", "Enter"),
          "Save the attribution frame being built; otherwise accept the suggestion under the "
          "caret", Menu.LABEL, article=True),
    _spec(ActionId.CONFIRM_DEFAULTS, "&Confirm default attributes", "D",
          "Store the codebook defaults shown greyed on the selected span as your choice",
          Menu.LABEL, article=True),
    _spec(ActionId.RELATE, "&Relate span…", "R",
          "With a span selected that can head a relation (a CLAIM for 'about'): click the "
          "tail span, or select text and press its label key; R again switches the relation "
          "type, Esc cancels", Menu.LABEL, icon="relate", article=True, separator_before=True),
    # Document
    _spec(ActionId.DONE_NEXT, "Mark &done and open next", ("Ctrl+Return", "Ctrl+Enter"),
          "Mark this document done and open the next unfinished one", Menu.DOCUMENT,
          icon="done-next"),
    _spec(ActionId.SKIP_DOC, "&Skip document", ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
          "Mark this document skipped and open the next unfinished one", Menu.DOCUMENT,
          icon="skip"),
    _spec(ActionId.NEXT_DOC, "&Next document", "Ctrl+PgDown",
          "Open the next document in the list", Menu.DOCUMENT, icon="next-document",
          separator_before=True),
    _spec(ActionId.PREV_DOC, "&Previous document", "Ctrl+PgUp",
          "Open the previous document in the list", Menu.DOCUMENT, icon="prev-document"),
    # View
    _spec(ActionId.ZOOM_IN, "Zoom &in", ("Ctrl++", "Ctrl+="), "Larger article text", Menu.VIEW,
          icon="zoom-in"),
    _spec(ActionId.ZOOM_OUT, "Zoom &out", "Ctrl+-", "Smaller article text", Menu.VIEW,
          icon="zoom-out"),
    _spec(ActionId.ZOOM_RESET, "&Reset zoom", "Ctrl+0", "Default article text size", Menu.VIEW),
    _spec(ActionId.INLINE_TAGS, "Label &tags in the text", "Ctrl+Shift+T",
          "Show each span's label name at its start", Menu.VIEW, checkable=True,
          separator_before=True),
    _spec(ActionId.FRAME_LINKS, "&Frame connectors", "Ctrl+Shift+J",
          "Draw lines from the selected CLAIM to the SOURCE and CUE spans of its frame",
          Menu.VIEW, checkable=True),
    # Help
    _spec(ActionId.SHORTCUTS, "&Keyboard shortcuts", "?",
          "Every key and what it does (press ? in the article)", Menu.HELP, icon="help",
          article=True),
    _spec(ActionId.ABOUT, "&About Claimdesk", (),
          "Version, licence and where your data and logs are kept", Menu.HELP),
)


def _sequences(keys: tuple[str, ...]) -> list[QKeySequence]:
    return [QKeySequence(k) for k in keys]


def build_actions(parent: QObject) -> dict[ActionId, QAction]:
    """One QAction per spec, parented to ``parent`` (contexts set, not yet connected)."""
    out = {}
    for spec in SPECS:
        act = QAction(spec.text, parent)
        act.setObjectName(f"action{spec.id.name.title().replace('_', '')}")
        act.setShortcuts(_sequences(spec.shortcuts))
        shown = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                           for k in spec.shortcuts)
        act.setToolTip(f"{spec.tip} ({shown})" if shown else spec.tip)
        act.setStatusTip(spec.tip)
        act.setCheckable(spec.checkable)
        if spec.icon:
            act.setIcon(action_icon(spec.icon))
        if spec.article:
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        out[spec.id] = act
    return out


def label_actions(codebook: Codebook, parent: QObject) -> dict[str, QAction]:
    """One action per codebook label, on the label's key (article-view context)."""
    out = {}
    for label in codebook.labels:
        act = QAction(f"&{label.name.title()}" if not label.key else
                      f"{label.name.title()}", parent)
        act.setObjectName(f"actionLabel{label.name}")
        if label.key:
            act.setShortcut(QKeySequence(label.key))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip = (f"Label the selection {label.name}, or relabel the selected span. "
               f"{label.description}")
        act.setToolTip(tip)
        act.setStatusTip(f"Label the selection {label.name}")
        act.setIcon(action_icon("label"))
        out[label.name] = act
    return out
