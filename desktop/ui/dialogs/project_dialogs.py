"""The questions opening, creating and switching projects asks: who is annotating, which file,
which codebook, which name to correct.

``Prompts`` gathers them behind plain methods so the project controller's logic can be tested
with a scripted stand-in (tests never open a real modal dialog).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.annotators import annotator_name_problem, clean_annotator_name
from desktop.resources import default_codebook_path

PROJECT_FILTER = "Claimdesk projects (*.claimdesk);;All files (*)"


@dataclass(frozen=True, slots=True)
class AnnotatorChoice:
    name: str
    make_default: bool = False
    """Also save the name as the default annotator name in the preferences."""


@dataclass(frozen=True, slots=True)
class NewProject:
    path: Path
    codebook: Path | None
    """A codebook TOML file; None for the default news-attribution codebook."""
    annotator: AnnotatorChoice


class AnnotatorDialog(QDialog):
    """Asks for a name: the project's annotators to pick from, or a new one to type."""

    def __init__(self, parent: QWidget | None, *, title: str, prompt: str,
                 known: list[str], suggestion: str, offer_default: bool) -> None:
        super().__init__(parent)
        self.setObjectName("annotatorDialog")
        self.setWindowTitle(title)
        text = QLabel(prompt)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setAccessibleName("Annotator name")
        self.combo.addItems(known)
        self.combo.setCurrentText(suggestion)
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("your name or initials, e.g. “Ana Ruiz” or “AR”")
            line.selectAll()
        self.make_default = QCheckBox("Use this name by default in projects I open the first "
                                      "time")
        self.make_default.setVisible(offer_default)
        self.problem = QLabel()
        self.problem.setObjectName("annotatorProblem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.combo.currentTextChanged.connect(self._check)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(self.combo)
        lay.addWidget(self.make_default)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)
        self._check()
        self.resize(max(420, self.sizeHint().width()), self.sizeHint().height())

    def name(self) -> str:
        return clean_annotator_name(self.combo.currentText())

    def _check(self) -> None:
        problem = annotator_name_problem(self.name())
        self.problem.setText("" if problem is None or not self.combo.currentText()
                             else f"⚠ {problem}")
        self.ok.setEnabled(problem is None)


class NewProjectDialog(QDialog):
    """Where the project file goes, which codebook it starts with, who annotates."""

    def __init__(self, parent: QWidget | None, *, folder: Path, annotator: str) -> None:
        super().__init__(parent)
        self.setObjectName("newProjectDialog")
        self.setWindowTitle("New project")
        self.path_edit = QLineEdit(str(folder / "new-project.claimdesk"))
        self.path_edit.setAccessibleName("Project file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.codebook = QComboBox()
        self.codebook.setAccessibleName("Codebook")
        bundled = sorted(default_codebook_path().parent.glob("*.toml"))
        for path in bundled:
            name = "News attribution (default)" if path == default_codebook_path() \
                else path.stem
            self.codebook.addItem(name, str(path))
        self.codebook.addItem("Another codebook file…", "")
        self.codebook.activated.connect(self._codebook_chosen)
        self.annotator = QLineEdit(annotator)
        self.annotator.setPlaceholderText("your name or initials")
        self.annotator.setAccessibleName("Your annotator name")
        self.problem = QLabel()
        form = QFormLayout()
        form.addRow("Project &file:", row)
        form.addRow("&Codebook:", self.codebook)
        form.addRow("&Your name:", self.annotator)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton("Create", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)
        for edit in (self.path_edit, self.annotator):
            edit.textChanged.connect(self._check)
        self._check()
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project file", self.path_edit.text(),
                                              PROJECT_FILTER)
        if name:
            self.path_edit.setText(name if name.endswith(".claimdesk") else name + ".claimdesk")

    def _codebook_chosen(self, index: int) -> None:
        if self.codebook.itemData(index):
            return
        name, _ = QFileDialog.getOpenFileName(self, "Codebook", "",
                                              "Codebooks (*.toml);;All files (*)")
        if name:
            self.codebook.insertItem(index, Path(name).name, name)
            self.codebook.setCurrentIndex(index)
        else:
            self.codebook.setCurrentIndex(0)

    def result_value(self) -> NewProject:
        data = str(self.codebook.currentData() or "")
        codebook = Path(data) if data and Path(data) != default_codebook_path() else None
        return NewProject(Path(self.path_edit.text().strip()).expanduser(), codebook,
                          AnnotatorChoice(clean_annotator_name(self.annotator.text())))

    def _check(self) -> None:
        path = Path(self.path_edit.text().strip()).expanduser()
        problem = annotator_name_problem(clean_annotator_name(self.annotator.text()))
        if not self.path_edit.text().strip():
            problem = "choose where the project file goes"
        elif path.exists():
            problem = f"{path.name} already exists: choose another name (File → Open opens it)"
        self.problem.setText(f"⚠ {problem}" if problem else "")
        self.create_button.setEnabled(problem is None)


class Prompts:
    """The real dialogs; tests replace this object with a scripted one."""

    def annotator(self, parent: QWidget | None, *, project: str, known: list[str],
                  remembered: str | None, preferred: str) -> AnnotatorChoice | None:
        """Who is annotating ``project`` (None: cancelled)."""
        if remembered and preferred and remembered != preferred:
            box = QMessageBox(parent)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle("Who is annotating?")
            box.setText(f"{project} was last annotated as “{remembered}”; your default name "
                        f"is “{preferred}”.")
            box.setInformativeText("Annotations go to the layer of the name you choose.")
            as_remembered = box.addButton(f"Continue as {remembered}",
                                          QMessageBox.ButtonRole.AcceptRole)
            as_preferred = box.addButton(f"Annotate as {preferred}",
                                         QMessageBox.ButtonRole.AcceptRole)
            other = box.addButton("Another name…", QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(as_remembered)
            box.exec()
            clicked = box.clickedButton()
            if clicked is as_remembered:
                return AnnotatorChoice(remembered)
            if clicked is as_preferred:
                return AnnotatorChoice(preferred)
            if clicked is not other:
                return None
        dialog = AnnotatorDialog(
            parent, title="Claimdesk: who is annotating?",
            prompt=f"Your annotator name for {project}. Your annotations are kept in your own "
                   "layer under this name, so several people can annotate the same articles.",
            known=known, suggestion=preferred, offer_default=not preferred)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return AnnotatorChoice(dialog.name(), dialog.make_default.isChecked())

    def switch_annotator(self, parent: QWidget | None, *, known: list[str],
                         current: str) -> str | None:
        dialog = AnnotatorDialog(
            parent, title="Switch annotator",
            prompt=f"You are annotating as “{current}”. Continue under another name: edits "
                   "then go to that person's own layer.",
            known=known, suggestion=current, offer_default=False)
        dialog.setObjectName("switchAnnotatorDialog")
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def rename_annotator(self, parent: QWidget | None, *, known: list[str],
                         current: str) -> tuple[str, str] | None:
        dialog = QDialog(parent)
        dialog.setObjectName("renameAnnotatorDialog")
        dialog.setWindowTitle("Rename annotator")
        old = QComboBox()
        old.addItems(known)
        old.setCurrentText(current)
        new = QLineEdit(current)
        new.selectAll()
        note = QLabel("Every span, frame, relation and status of the old name moves to the "
                      "new one. Use it for a misspelt name, not to merge two people's work.")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Annotator:", old)
        form.addRow("&New name:", new)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Rename", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        lay = QVBoxLayout(dialog)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return old.currentText(), clean_annotator_name(new.text())

    def open_path(self, parent: QWidget | None, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open project", str(folder),
                                              PROJECT_FILTER)
        return Path(name) if name else None

    def new_project(self, parent: QWidget | None, *, folder: Path,
                    annotator: str) -> NewProject | None:
        dialog = NewProjectDialog(parent, folder=folder, annotator=annotator)
        return dialog.result_value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, parent: QWidget | None, *, title: str, text: str, ok: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def error(self, parent: QWidget | None, exc: Exception) -> None:
        from desktop.ui.errors import show_error

        show_error(parent=parent, exc=exc)
