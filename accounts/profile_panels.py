"""What apps on a higher floor show on a signed-in person's own profile page.

The registry sits on the lowest floor of the project and never imports the apps above it. An app
that has something to show a person about themselves registers a function here in its
`AppConfig.ready()` (meetings: the coordinating groups they are in, where they set whether their
name is shown); the profile page asks each for its part of the template context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

Panel = Callable[["User"], dict]

_PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    """Add a panel (once, however often the app registry is readied)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def context_for(user: User) -> dict:
    context: dict = {}
    for panel in _PANELS:
        context.update(panel(user))
    return context
