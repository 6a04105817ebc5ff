"""Icons from `resources/icons`: the application icon and the action icons.

Action icons are stroke drawings on a 24 px grid whose colour is ``currentColor``; they are
tinted to the palette's text colour when loaded (so they read in light and dark themes) and
rendered with QSvgRenderer at the usual sizes, with a disabled variant in the palette's
disabled text colour. Results are cached per name and colour; a palette change gives new icons
on the next call (actions built earlier keep theirs).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.resources import icons_dir

SIZES = (16, 20, 24, 32, 48, 64, 128)
APP_ICON = "claimdesk.svg"

# Actions made outside the ActionSpec table, by attribute path from the main window.
WINDOW_ACTION_ICONS: dict[str, str] = {
    "undo_action": "undo",
    "redo_action": "redo",
    "guidelines_action": "guidelines",
    "annotation_panel.link_action": "link-actor",
    "annotation_panel.new_actor_action": "new-actor",
    "actor_registry.new_actor_action": "new-actor",
    "actor_registry.merge_action": "merge",
    "assist.suggest_action": "suggest",
    "assist.suggest_many_action": "suggest",
    "assist.reject_action": "reject",
    "assist.accept_all_action": "accept",
    "assist.reject_all_action": "reject",
    "team.merge_action": "merge",
    "team.agreement_action": "agreement",
    "team.adjudicate_action": "adjudicate",
    "team.statistics_action": "statistics",
}


def action_icon_path(name: str) -> Path:
    return icons_dir() / "actions" / f"{name}.svg"


def action_icon_names() -> list[str]:
    return sorted(p.stem for p in (icons_dir() / "actions").glob("*.svg"))


def tinted_svg(name: str, color: str) -> bytes:
    """The SVG source of action icon ``name`` with ``currentColor`` replaced by ``color``."""
    source = action_icon_path(name).read_text(encoding="utf-8")
    return source.replace("currentColor", color).encode("utf-8")


def render(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def _renderer(data: bytes, what: str) -> QSvgRenderer:
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValueError(f"{what}: not a valid SVG icon")
    return renderer


@cache
def _action_icon(name: str, color: str, disabled: str) -> QIcon:
    icon = QIcon()
    for mode, tint in ((QIcon.Mode.Normal, color), (QIcon.Mode.Disabled, disabled)):
        renderer = _renderer(tinted_svg(name, tint), name)
        for size in SIZES:
            icon.addPixmap(render(renderer, size), mode)
    return icon


def action_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """Action icon ``name`` (a file stem in resources/icons/actions) in the text colour."""
    pal = palette or QGuiApplication.palette()
    role = QPalette.ColorRole.WindowText
    color = pal.color(QPalette.ColorGroup.Active, role).name()
    disabled = pal.color(QPalette.ColorGroup.Disabled, role).name()
    return _action_icon(name, color, disabled)


@cache
def app_icon() -> QIcon:
    """The Claimdesk application icon (window, task bar, about box)."""
    renderer = _renderer((icons_dir() / APP_ICON).read_bytes(), APP_ICON)
    icon = QIcon()
    for size in (*SIZES, 256, 512):
        icon.addPixmap(render(renderer, size))
    return icon


def _resolve(root: QObject, path: str) -> QAction | None:
    obj: object = root
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj if isinstance(obj, QAction) else None


def decorate_window_actions(window: QObject) -> list[str]:
    """Give the window's actions made outside the ActionSpec table their icons.

    Returns the attribute paths in ``WINDOW_ACTION_ICONS`` that were not found (tests keep
    this empty, so a renamed attribute is noticed).
    """
    missing = []
    for path, name in WINDOW_ACTION_ICONS.items():
        act = _resolve(window, path)
        if act is None:
            missing.append(path)
        else:
            act.setIcon(action_icon(name))
    return missing


def retint_window(window: QObject) -> None:
    """Give every action of ``window`` its icon in the current palette's colours (after a
    switch between light and dark)."""
    from desktop.ui.actions import SPECS

    by_id = getattr(window, "actions_by_id", {})
    for spec in SPECS:
        act = by_id.get(spec.id)
        if spec.icon and isinstance(act, QAction):
            act.setIcon(action_icon(spec.icon))
    for act in getattr(window, "label_actions", {}).values():
        act.setIcon(action_icon("label"))
    decorate_window_actions(window)
