"""Walking the whole widget tree of the kiosk: what it shows, and what a screen reader hears."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def widgets(root: QWidget) -> Iterator[QWidget]:
    """``root`` and every widget below it."""
    yield root
    yield from root.findChildren(QWidget)


def everything_shown(root: QWidget) -> str:
    """All text a guest could see or hear anywhere below ``root``, and every QR payload."""
    parts: list[str] = []
    for widget in widgets(root):
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            parts.append(widget.text())
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            parts.append(widget.toPlainText())
        parts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        payload = getattr(widget, "payload", None)
        if isinstance(payload, str):
            parts.append(payload)
    return "\n".join(part for part in parts if part)


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls a screen reader or switch user could reach that have no accessible name."""
    missing = []
    for widget in widgets(root):
        if isinstance(widget, QAbstractScrollArea) or not widget.isEnabled():
            continue
        reachable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        control = isinstance(widget, QAbstractButton | QLineEdit) or reachable
        if not control:
            continue
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text()
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {_path(widget)}")
    return missing


def _path(widget: QWidget) -> str:
    names = []
    current: QWidget | None = widget
    while current is not None:
        names.append(type(current).__name__)
        current = current.parentWidget()
    return " < ".join(names[:4])
