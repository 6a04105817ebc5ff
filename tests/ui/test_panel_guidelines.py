"""The guidelines pane and the tooltips the panels take from the codebook."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.ui.views.guidelines import (
    GuidelinesPane,
    guidelines_html,
    tooltip_for_attribute,
    tooltip_for_label,
    tooltip_for_role,
)
from desktop.ui.workspace import Workspace


def test_pane_shows_every_label_attribute_role_and_relation(qtbot: QtBot,
                                                            ws: Workspace) -> None:
    pane = GuidelinesPane(ws)
    qtbot.addWidget(pane)
    text = pane.toPlainText()
    for word in ("ACTOR", "CLAIM", "SOURCE", "CUE", "form", "anonymity", "channel",
                 "content", "exactly 1 CLAIM", "about", "Actor kinds", "key 2"):
        assert word in text, word
    assert "#e0a100" in guidelines_html(ws.codebook)  # colour swatch
    assert pane.objectName() == "guidelinesPane"


def test_tooltips(ws: Workspace) -> None:
    cb = ws.codebook
    tip = tooltip_for_label(cb, "SOURCE")
    assert "SOURCE" in tip
    assert "anonymity" in tip
    assert "Ctrl+K" in tip  # links to actors
    assert "not in the codebook" in tooltip_for_label(cb, "NOPE")
    form = tooltip_for_attribute(cb, "CLAIM", "form")
    assert "<b>direct</b>" in form  # the default is marked
    assert "reported speech" in form
    assert "statement" in tooltip_for_attribute(cb, "attribution", "channel")
    assert "exactly 1 CLAIM" in tooltip_for_role(cb, "attribution", "content")
