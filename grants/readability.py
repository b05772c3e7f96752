"""How easy a scheme's text is to read: LIX (läsbarhetsindex), the readability score used for
Swedish, Norwegian and Danish text, computed by the `textstat` library.

LIX = words per sentence + the share of long words (more than six letters) in per cent. Under
30 is very easy, 30–40 easy (everyday news), 40–50 middling, 50–60 hard (official texts), over
60 very hard. Coordinators aim for under `TARGET`: short sentences and common words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TARGET = 40
# Shorter texts give a score that says little (one long word swings it).
MIN_WORDS = 5
# The scheme's texts written for the organisations that read them, in the Scandinavian languages
# LIX is made for (the translated ones per language: grants/translation.py).
TEXT_FIELDS = (
    *(
        f"{field}_{language}"
        for field in ("summary", "who_may_apply", "what_is_funded")
        for language in ("nb", "nn", "da")
    ),
    "co_funding",
    "reporting",
)

LEVELS = (
    (30, gettext_lazy("very easy")),
    (40, gettext_lazy("easy")),
    (50, gettext_lazy("middling")),
    (60, gettext_lazy("hard")),
)


@dataclass(frozen=True)
class Score:
    field: str
    lix: int
    too_hard: bool

    @property
    def level(self) -> str:
        return str(next((label for limit, label in LEVELS if self.lix < limit), _("very hard")))

    @property
    def text(self) -> str:
        words = {"lix": self.lix, "level": self.level, "target": TARGET}
        if self.too_hard:
            return (
                _(
                    "Readability (LIX): %(lix)s, %(level)s. Aim for under %(target)s: shorter "
                    "sentences and fewer long words."
                )
                % words
            )
        return _("Readability (LIX): %(lix)s, %(level)s. Good: under %(target)s.") % words


def lix(text: str) -> int | None:
    """The LIX of a text, rounded; None when it is too short to say."""
    if len((text or "").split()) < MIN_WORDS:
        return None
    import textstat  # here, not at the top: it loads nltk (0.2 s), which no other page needs

    return round(textstat.lix(text))


def scores(texts: dict[str, str]) -> dict[str, Score]:
    """A score for each of the scheme's text fields that has enough text."""
    found = {}
    for field in TEXT_FIELDS:
        value = lix(texts.get(field) or "")
        if value is not None:
            found[field] = Score(field=field, lix=value, too_hard=value >= TARGET)
    return found
