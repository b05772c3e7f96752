"""What apps on a higher floor show on a signed-in person's own profile page (core.panels).

An app that has something to show a person about themselves registers a function here in its
`AppConfig.ready()` (meetings: the coordinating groups they are in, where they set whether their
name is shown); the profile page asks each for its part of the template context.
"""

from core.panels import Panels

_panels = Panels()
register = _panels.register
context_for = _panels.context_for
