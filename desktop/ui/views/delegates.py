"""Item delegates shared by the panels: a combo box for closed values, a line edit otherwise."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
NONE_TEXT = "—"


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box when ``choices_role`` gives a non-empty list of values.

    The empty string among the choices is shown as "—" and means "not set". Picking a value
    commits at once (one undoable edit), so keyboard users need no extra Enter.
    """

    def __init__(self, choices_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices_role = choices_role

    def _choices(self, index: Index) -> list[str]:
        value = index.data(self.choices_role)
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        choices = self._choices(index)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setObjectName("choiceEditor")
        combo.setFrame(False)
        for value in choices:
            combo.addItem(value or NONE_TEXT, value)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            i = editor.findData("" if value is None else str(value))
            editor.setCurrentIndex(max(i, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
