"""Light and dark appearance: the palette, and colours that stay legible on both.

``apply_theme(app, mode)`` with ``mode`` one of ``settings.THEMES``:

- ``system`` uses the desktop's style and palette (as captured when the application started)
  and follows the desktop when it switches between light and dark;
- ``light`` and ``dark`` use Qt's Fusion style with a palette of our own, the same on every
  platform.

Widgets never hard-code a text or background colour: they read the palette, and the few
colours of our own (label colours, warnings, find highlights) go through the helpers here,
which adapt them to the palette they are drawn on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

WARNING_LIGHT = "#d9480f"
WARNING_DARK = "#ff8a4c"
ERROR_LIGHT = "#c92a2a"
ERROR_DARK = "#ff6b6b"


class _Startup:
    """The style and palette the platform gave us, before any theme was applied."""

    style: str = ""
    palette: QPalette | None = None
    follows: bool = False


def _remember_startup(app: QApplication) -> None:
    if _Startup.palette is None:
        style = app.style()
        _Startup.style = style.name() if style is not None else "fusion"
        _Startup.palette = QPalette(app.palette())


def is_dark(palette: QPalette | None = None) -> bool:
    """True when ``palette`` (default: the application's) has light text on a dark window."""
    pal = palette or QGuiApplication.palette()
    return pal.color(_Role.Window).lightness() < 128


def dark_palette() -> QPalette:
    pal = QPalette()
    colours = {
        _Role.Window: "#26292d", _Role.WindowText: "#e6e8eb", _Role.Base: "#1c1e21",
        _Role.AlternateBase: "#24272b", _Role.ToolTipBase: "#2f3338",
        _Role.ToolTipText: "#e6e8eb", _Role.Text: "#e6e8eb", _Role.Button: "#2f3338",
        _Role.ButtonText: "#e6e8eb", _Role.BrightText: "#ffffff", _Role.Highlight: "#3d7bd9",
        _Role.HighlightedText: "#ffffff", _Role.Link: "#74a9f5", _Role.LinkVisited: "#b197fc",
        _Role.PlaceholderText: "#9aa0a6", _Role.Light: "#3b4046", _Role.Midlight: "#33373c",
        _Role.Mid: "#4a5057", _Role.Dark: "#151719", _Role.Shadow: "#0b0c0d",
    }
    for role, hex_ in colours.items():
        pal.setColor(role, QColor(hex_))
    for role, hex_ in ((_Role.WindowText, "#7d838a"), (_Role.Text, "#7d838a"),
                       (_Role.ButtonText, "#7d838a"), (_Role.Highlight, "#3b4046"),
                       (_Role.HighlightedText, "#9aa0a6")):
        pal.setColor(_Group.Disabled, role, QColor(hex_))
    return pal


def light_palette() -> QPalette:
    style = QStyleFactory.create("fusion")
    pal = QPalette(style.standardPalette()) if style is not None else QPalette()
    pal.setColor(_Role.PlaceholderText, QColor("#6c757d"))
    pal.setColor(_Role.Highlight, QColor("#2f6fd0"))
    return pal


def apply_theme(app: QApplication, mode: str) -> None:
    """Switch the whole application to ``mode`` ("system", "light" or "dark"; anything else,
    say from a hand-edited settings file, is taken as "system")."""
    _remember_startup(app)
    if mode not in ("light", "dark"):
        mode = "system"
    if mode == "system":
        app.setStyle(_Startup.style or "fusion")
        app.setPalette(_Startup.palette or QPalette())
    else:
        app.setStyle("fusion")
        app.setPalette(dark_palette() if mode == "dark" else light_palette())
    app.setProperty("claimdeskTheme", mode)
    if not _Startup.follows:
        # When the desktop switches between light and dark, "system" follows it.
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: _on_scheme_changed(app))
        _Startup.follows = True


def current_theme(app: QObject | None = None) -> str:
    obj = app or QGuiApplication.instance()
    value = obj.property("claimdeskTheme") if obj is not None else None
    return str(value) if value else "system"


def _on_scheme_changed(app: QApplication) -> None:
    if current_theme(app) == "system":
        _Startup.palette = None
        _remember_startup(app)
        app.setPalette(_Startup.palette or QPalette())


# -- colours of our own -------------------------------------------------------------------


def label_colour(hex_: str, *, dark: bool) -> QColor:
    """A codebook colour adjusted so its underlines and outlines read on the background.

    On a dark background a dark label colour (a deep blue) is lifted to at least 60 %
    lightness; on a light one a pale colour is pressed to at most 45 %. Hue and saturation
    stay, so the label is recognisably the same colour on both.
    """
    c = QColor(hex_)
    lightness = c.lightnessF()
    if dark and lightness < 0.6:
        lightness = 0.6
    elif not dark and lightness > 0.45:
        lightness = 0.45
    else:
        return c
    out = QColor()
    out.setHslF(max(c.hslHueF(), 0.0), c.hslSaturationF(), lightness, c.alphaF())
    return out


def on_colour(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (label tags)."""
    r, g, b = background.redF(), background.greenF(), background.blueF()

    def lin(x: float) -> float:
        return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    # 0.179 is where black and white text have the same contrast ratio (WCAG).
    return QColor("#000000") if luminance > 0.179 else QColor("#ffffff")


def warning_colour(palette: QPalette | None = None) -> QColor:
    return QColor(WARNING_DARK if is_dark(palette) else WARNING_LIGHT)


def error_colour(palette: QPalette | None = None) -> QColor:
    return QColor(ERROR_DARK if is_dark(palette) else ERROR_LIGHT)


def muted_colour(palette: QPalette | None = None) -> QColor:
    pal = palette or QGuiApplication.palette()
    return pal.color(_Role.PlaceholderText)


def find_highlight(*, current: bool) -> tuple[QColor, QColor]:
    """(background, text) of a find match: the same bright marker on both backgrounds, with
    dark text, so a match reads in light and dark themes alike."""
    return QColor("#ff922b" if current else "#ffe066"), QColor("#1c1e21")


def colour_scheme_name() -> str:
    scheme = QGuiApplication.styleHints().colorScheme()
    return {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}.get(scheme, "unknown")


def make_heading(label: QLabel) -> QLabel:
    """A bold section title. Bold by font and spaced by margins, not by a style sheet: a
    widget with a style sheet keeps its colours when the palette switches to dark."""
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(2, 4, 2, 2)
    return label
