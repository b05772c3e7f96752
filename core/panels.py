"""Panels: what apps on a higher floor show on a page of a lower floor.

A lower app keeps a `Panels` registry and never imports the apps above it. An app that has
something to show registers a function in its `AppConfig.ready()`; the page asks each for its
part of the template context (`context_for`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any], dict]


class Panels:
    def __init__(self) -> None:
        self._panels: list[Panel] = []

    def register(self, panel: Panel) -> Panel:
        """Add a panel (once, however often the app registry is readied)."""
        if panel not in self._panels:
            self._panels.append(panel)
        return panel

    def context_for(self, subject) -> dict:
        context: dict = {}
        for panel in self._panels:
            context.update(panel(subject))
        return context
