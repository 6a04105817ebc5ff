"""Both dialogs show exactly the formats of ``desktop.formats.registry``, with its labels, and
enable the options the registry says each format takes."""

from __future__ import annotations

from desktop.formats import registry
from desktop.ui.dialogs.export_dialog import ExportDialog
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.main_window import MainWindow


def _items(dlg: ImportDialog | ExportDialog) -> list[tuple[str, str]]:
    combo = dlg.format_combo
    return [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]


def test_import_dialog_lists_the_registry(window: MainWindow) -> None:
    dlg = window.open_import_dialog()
    assert _items(dlg) == list(registry.import_labels().items())
    assert [name for name, _ in _items(dlg)] == list(registry.IMPORT_FORMATS)
    for name in registry.IMPORT_FORMATS:
        dlg.set_format(name)
        assert dlg.csv_group.isEnabled() == registry.takes_columns(name), name
        assert dlg.standoff_group.isEnabled() == registry.reads_standoff(name), name


def test_export_dialog_lists_the_registry(window: MainWindow) -> None:
    dlg = window.open_export_dialog()
    assert _items(dlg) == list(registry.export_labels().items())
    assert [name for name, _ in _items(dlg)] == list(registry.EXPORT_FORMATS)
    for name, spec in registry.writers():
        dlg.set_format(name)
        assert dlg.standoff.isEnabled() == spec.standoff, name
        assert dlg.scheme_combo.isEnabled() == spec.tag_scheme, name
        folder = spec.single_file is None
        assert dlg.out_label.text() == ("Output folder:" if folder else "Output file:"), name
        out = dlg.out_path()
        assert out is not None
        assert out.suffix == ("" if folder else spec.single_file), name
