"""Preferences: appearance, text size, labelling behaviour, the default annotator name.

Changes apply at once (the window listens to ``Settings.changed``) and are kept in the
preferences file; *Restore defaults* puts every option here back.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.annotators import annotator_name_problem, clean_annotator_name
from desktop.ui.settings import (
    AUTO_SUGGEST,
    AUTOSUGGEST,
    DEFAULT_ANNOTATOR,
    FONT_SIZE,
    FRAME_ARCS,
    INLINE_TAGS,
    SNAPPING,
    THEME,
    Option,
    Settings,
)

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")

        self.theme = QComboBox()
        self.theme.setAccessibleName("Appearance")
        for key, text in THEME_LABELS.items():
            self.theme.addItem(text, key)
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 24)
        self.font_size.setSuffix(" pt")
        self.font_size.setAccessibleName("Article text size")
        self.tags = QCheckBox("Label names at the start of spans (inline tags)")
        self.links = QCheckBox("Lines from the selected CLAIM to its SOURCE and CUE spans")
        look = QGroupBox("Appearance")
        form = QFormLayout(look)
        form.addRow("&Theme:", self.theme)
        form.addRow("Article &text size:", self.font_size)
        form.addRow(self.tags)
        form.addRow(self.links)

        self.snapping = QCheckBox("Snap selections to whole words (Ctrl+Shift+W)")
        self.autosuggest = QCheckBox("After labelling a SOURCE or ACTOR, name the registry "
                                     "actor it matches (Ctrl+K links it)")
        self.auto_suggest = QCheckBox("Let the assistant suggest for a document when it opens "
                                      "(F7 asks for one document at any time)")
        self.auto_suggest.setObjectName("autoSuggest")
        labelling = QGroupBox("Labelling")
        lay = QVBoxLayout(labelling)
        lay.addWidget(self.snapping)
        lay.addWidget(self.autosuggest)
        lay.addWidget(self.auto_suggest)

        self.annotator = QLineEdit()
        self.annotator.setPlaceholderText("none: ask in each new project")
        self.annotator.setAccessibleName("Default annotator name")
        self.annotator_problem = QLabel()
        who = QGroupBox("You")
        wform = QFormLayout(who)
        wform.addRow("Default &annotator name:", self.annotator)
        wform.addRow("", self.annotator_problem)
        note = QLabel("Offered when you open a project for the first time. A project "
                      "remembers who annotated it last; when that differs from this name, "
                      "Claimdesk asks.")
        note.setWordWrap(True)
        wform.addRow(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        main = QVBoxLayout(self)
        for w in (look, labelling, who):
            main.addWidget(w)
        main.addWidget(buttons)

        self.load()
        self.theme.currentIndexChanged.connect(
            lambda _i: settings.set_value(THEME, str(self.theme.currentData())))
        self.font_size.valueChanged.connect(lambda v: settings.set_value(FONT_SIZE, int(v)))
        for box, option in ((self.tags, INLINE_TAGS), (self.links, FRAME_ARCS),
                            (self.snapping, SNAPPING), (self.autosuggest, AUTOSUGGEST),
                            (self.auto_suggest, AUTO_SUGGEST)):
            box.toggled.connect(lambda on, o=option: settings.set_value(o, bool(on)))
        self.annotator.textChanged.connect(self._annotator_edited)
        settings.changed.connect(self._on_changed)

    def load(self) -> None:
        s = self.settings
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.value(THEME))))
        self.font_size.setValue(s.value(FONT_SIZE))
        self.tags.setChecked(s.value(INLINE_TAGS))
        self.links.setChecked(s.value(FRAME_ARCS))
        self.snapping.setChecked(s.value(SNAPPING))
        self.autosuggest.setChecked(s.value(AUTOSUGGEST))
        self.auto_suggest.setChecked(s.value(AUTO_SUGGEST))
        if clean_annotator_name(self.annotator.text()) != s.value(DEFAULT_ANNOTATOR):
            self.annotator.setText(s.value(DEFAULT_ANNOTATOR))

    def _on_changed(self, _key: str) -> None:
        # Another place changed an option (the View menu's toggles): show it here too.
        for w in (self.theme, self.font_size, self.tags, self.links, self.snapping,
                  self.autosuggest, self.auto_suggest):
            w.blockSignals(True)
        try:
            self.load()
        finally:
            for w in (self.theme, self.font_size, self.tags, self.links, self.snapping,
                      self.autosuggest, self.auto_suggest):
                w.blockSignals(False)

    def _annotator_edited(self, text: str) -> None:
        name = clean_annotator_name(text)
        problem = annotator_name_problem(name) if name else None
        self.annotator_problem.setText(f"⚠ {problem}" if problem else "")
        if problem is None:
            self.settings.set_value(DEFAULT_ANNOTATOR, name)

    def restore_defaults(self) -> None:
        options: tuple[Option[object], ...] = (
            THEME, FONT_SIZE, INLINE_TAGS, FRAME_ARCS, SNAPPING, AUTOSUGGEST,
            AUTO_SUGGEST)  # type: ignore[assignment]
        for option in options:
            self.settings.set_value(option, option.default)
