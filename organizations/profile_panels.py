"""What apps on a higher floor show on an organisation's public page (core.panels).

An app that has something to show about an organisation registers a function here in its
`AppConfig.ready()` (agreements: the organisation's public agreements); the page asks each for
its part of the template context.
"""

from core.panels import Panels

_panels = Panels()
register = _panels.register
context_for = _panels.context_for
