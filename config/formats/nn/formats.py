"""Norwegian nynorsk input formats: the same as bokmål's (config/formats/nb), day first, then ISO.
Display formats come from Django's `nn` locale."""

from config.formats.nb.formats import (
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
