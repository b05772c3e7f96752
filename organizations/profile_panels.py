"""What apps on a higher floor show on an organisation's public page.

The registry sits below the journey apps and never imports them. An app that has something to
show about an organisation registers a function here in its `AppConfig.ready()` (agreements: the
organisation's public agreements); the page asks each for its part of the template context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from organizations.models import Organization

Panel = Callable[["Organization"], dict]

_PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    """Add a panel (once, however often the app registry is readied)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def context_for(organization: Organization) -> dict:
    context: dict = {}
    for panel in _PANELS:
        context.update(panel(organization))
    return context
