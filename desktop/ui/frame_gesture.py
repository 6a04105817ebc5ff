"""The attribution frame in one gesture.

With a CLAIM selected, ``start`` (key A) enters attribute mode. Clicking SOURCE and CUE spans,
or selecting new text and pressing 3/4, fills the frame's roles; Enter saves the frame,
Escape leaves the mode. Everything written during the gesture (new spans and the frame) is
one undo step (see ``span_gesture``). Cancelling keeps spans already created (they are
annotations in their own right) but saves no frame.

If the CLAIM already fills the content role of a frame, the gesture edits that frame.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.core.codebook import FrameTypeDef, RoleDef
from desktop.core.model import Fragment, Frame, Span
from desktop.core.validate import frame_limit_problems
from desktop.ui.span_gesture import SpanGesture
from desktop.ui.workspace import Workspace


class FrameGesture(SpanGesture):
    """State of the attribution gesture (``changed``: its role fillers changed too)."""

    cancelled_message = "Attribution cancelled: no frame saved"

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(workspace, parent)
        self.frame_type: FrameTypeDef | None = None
        self.roles: dict[str, list[str]] = {}
        self.editing: Frame | None = None

    @property
    def active(self) -> bool:
        return self.frame_type is not None

    def members(self) -> dict[str, str]:
        """Span id -> role name of every span picked so far."""
        return {sid: role for role, ids in self.roles.items() for sid in ids}

    # -- lifecycle -----------------------------------------------------------------------

    def start(self, claim: Span | None) -> bool:
        if self.active:
            return True
        if claim is None:
            self.message.emit("Attribute: select a CLAIM span first (click it), then press A")
            return False
        found = self._frame_type_for(claim.label)
        if found is None:
            self.message.emit(f"Attribute: a {claim.label} span cannot be the content of a "
                              "frame; select a CLAIM")
            return False
        ftype, role = found
        self.frame_type = ftype
        self.editing = next((f for f in self.ws.layer().frames
                             if f.type == ftype.name and claim.id in f.roles.get(role.name, ())),
                            None)
        if self.editing is not None:
            self.roles = {k: list(v) for k, v in self.editing.roles.items()}
        else:
            self.roles = {role.name: [claim.id]}
        self.changed.emit()
        self.message.emit(self._prompt())
        return True

    def _frame_type_for(self, label: str) -> tuple[FrameTypeDef, RoleDef] | None:
        """The first frame type with a required role that takes ``label`` (e.g. content)."""
        cb = self.ws.codebook
        ordered = sorted(cb.frames, key=lambda f: f.name != "attribution")
        for ftype in ordered:
            for role in ftype.roles:
                if label in role.labels and role.min >= 1:
                    return ftype, role
        return None

    def _prompt(self) -> str:
        assert self.frame_type is not None
        verb = "Editing" if self.editing is not None else "Attribute"
        filled = ", ".join(f"{r.name}: {len(self.roles.get(r.name, []))}"
                           for r in self.frame_type.roles)
        others = "/".join(sorted({lab for r in self.frame_type.roles if r.min == 0
                                  for lab in r.labels}))
        return (f"{verb} {self.frame_type.name} frame ({filled}). Click {others} spans or "
                "select text and press their key; Enter saves, Esc cancels.")

    def _step_name(self) -> str:
        name = self.frame_type.name if self.frame_type else "frame"
        return f"Attribute claim ({name})"

    def _reset(self) -> None:
        self.frame_type = None
        self.roles = {}
        self.editing = None

    # -- filling roles -------------------------------------------------------------------

    def role_for(self, label: str) -> RoleDef | None:
        if self.frame_type is None:
            return None
        return next((r for r in self.frame_type.roles if label in r.labels), None)

    def pick(self, span: Span) -> bool:
        """Toggle ``span`` in the role its label fills (a max-1 role is replaced)."""
        role = self.role_for(span.label)
        if role is None:
            self.message.emit(f"A {span.label} span fills no role of this frame")
            return False
        ids = self.roles.setdefault(role.name, [])
        if span.id in ids:
            if role.min >= 1 and len(ids) == 1:
                self.message.emit(f"The frame needs its {role.name}")
                return False
            ids.remove(span.id)
        elif role.max == 1:
            ids[:] = [span.id]
        else:
            ids.append(span.id)
        self.changed.emit()
        self.message.emit(self._prompt())
        return True

    def add_span(self, label: str, fragments: tuple[Fragment, ...]) -> Span | None:
        """Create a span during the gesture (inside its undo step) and pick it."""
        with self._writing():
            span = self.ws.add_span(label, fragments)
        if span is not None and self.role_for(label) is not None:
            self.pick(span)
        return span

    # -- finishing -----------------------------------------------------------------------

    def finish(self) -> Frame | None:
        """Save the frame (flagged, not refused, when role limits are not met)."""
        if self.frame_type is None:
            return None
        roles = {r.name: tuple(self.roles.get(r.name, ())) for r in self.frame_type.roles
                 if self.roles.get(r.name)}
        saved: Frame | None
        with self._writing():
            if self.editing is not None:
                frame = Frame(id=self.editing.id, type=self.editing.type, roles=roles,
                              attrs=self.editing.attrs)
                saved = frame if (frame == self.editing or self.ws.update_frame(frame)) \
                    else None
            else:
                saved = self.ws.add_frame(Frame(id="", type=self.frame_type.name, roles=roles))
        self._close()
        if saved is None:
            return None
        problems = [p.message for p in frame_limit_problems(saved, self.ws.codebook)]
        if problems:
            self.message.emit(f"⚠ Frame {saved.id} saved but incomplete: {'; '.join(problems)}")
        else:
            self.message.emit(f"Frame {saved.id} saved")
        return saved
