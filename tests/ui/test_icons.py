"""Icons: one style for every action icon, tinted to the palette, wired into the window."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QAction, QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from desktop.ui.actions import SPECS
from desktop.ui.icons import (
    action_icon,
    action_icon_names,
    action_icon_path,
    app_icon,
    decorate_window_actions,
)
from desktop.ui.main_window import MainWindow

SVG = "{http://www.w3.org/2000/svg}"
REQUIRED = {"import", "export", "undo", "redo", "label", "delete-span", "attribute", "relate",
            "link-actor", "new-actor", "find", "zoom-in", "zoom-out", "done-next", "skip",
            "next-document", "prev-document", "guidelines", "help", "preferences", "suggest",
            "accept", "reject", "merge", "agreement", "statistics", "adjudicate", "backup"}


def _palette(text: str) -> QPalette:
    pal = QPalette()
    pal.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText, QColor(text))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#808080"))
    return pal


def _opaque_colours(icon: QIcon, size: int, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    image = icon.pixmap(size, size, mode).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width())
            for y in range(image.height()) if image.pixelColor(x, y).alpha() == 255}


def test_every_required_icon_exists() -> None:
    assert set(action_icon_names()) >= REQUIRED


@pytest.mark.parametrize("name", action_icon_names())
def test_action_icons_share_one_style(name: str) -> None:
    root = ET.parse(action_icon_path(name)).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.attrib == {"width": "24", "height": "24", "viewBox": "0 0 24 24",
                           "fill": "none", "stroke": "currentColor", "stroke-width": "2",
                           "stroke-linecap": "round", "stroke-linejoin": "round"}
    for el in list(root.iter())[1:]:
        # stroke drawings only: no element sets its own colour, width or fill
        assert not {"fill", "stroke", "stroke-width", "style", "class"} & set(el.attrib), el
        assert el.tag in {f"{SVG}{t}" for t in ("svg", "path", "circle", "rect")}, el.tag
    coords = " ".join(v for el in root.iter() for k, v in el.attrib.items()
                      if k in {"d", "cx", "cy", "r", "x", "y", "width", "height", "rx"})
    numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", coords)]
    assert numbers
    assert all(abs(n) <= 24 for n in numbers)  # drawn on the 24 px grid


@pytest.mark.parametrize("text", ["#1a1a1a", "#f0f0f0"])
def test_icons_take_the_palette_text_colour(qapp: QApplication, text: str) -> None:
    icon = action_icon("import", _palette(text))
    assert text in _opaque_colours(icon, 48)
    assert "#808080" in _opaque_colours(icon, 48, QIcon.Mode.Disabled)
    assert action_icon("import", _palette(text)) is icon  # cached


def test_app_icon_is_legible_at_16_px(qapp: QApplication) -> None:
    image = app_icon().pixmap(16, 16).toImage()
    assert (image.width(), image.height()) == (16, 16)
    opaque = [image.pixelColor(x, y) for x in range(16) for y in range(16)
              if image.pixelColor(x, y).alpha() == 255]
    assert len(opaque) > 150
    assert any(c.lightness() > 200 for c in opaque)  # the white bubble survives at 16 px
    assert any(c.lightness() < 100 for c in opaque)


def test_spec_icons_exist() -> None:
    names = set(action_icon_names())
    for spec in SPECS:
        assert not spec.icon or spec.icon in names, spec


def test_window_actions_have_icons(window: MainWindow) -> None:
    assert decorate_window_actions(window) == []
    by_name = {a.objectName(): a for a in window.findChildren(QAction)}
    for name in ("actionImport", "actionExport", "actionUndo", "actionRedo",
                 "actionGuidelines", "actionDoneNext", "actionLabelCLAIM"):
        assert not by_name[name].icon().isNull(), name
    assert not window.annotation_panel.link_action.icon().isNull()
    assert not window.windowIcon().isNull()


def test_every_icon_of_the_set_is_on_an_action() -> None:
    """An icon drawn but given to no action is a menu that stayed bare."""
    from desktop.ui.actions import SPECS
    from desktop.ui.icons import WINDOW_ACTION_ICONS

    used = {spec.icon for spec in SPECS if spec.icon} | set(WINDOW_ACTION_ICONS.values())
    used.add("label")  # every codebook label's action (actions.label_actions)
    assert set(action_icon_names()) - used == set()
