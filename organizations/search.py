"""What full-text search reads, per language (PostgreSQL's snowball stemmers).

A row (organisation, activity) has two kinds of text:
- text with no language of its own (a name, an activity's title, "looking for partners") and the
  descriptions written in a language stemmed like its country's: `search_document`, stemmed with
  the country's configuration (`search_config`, migration 0009: "norwegian" or "danish");
- descriptions written in a language stemmed otherwise (English anywhere, Danish in Norway,
  bokmål or nynorsk in Denmark): `search_texts`, one text per configuration, each stored as its
  own GIN-indexed vector (`search_vector_<config>`, migration 0016).

A search stems the words typed with every configuration and matches each against the vector
stemmed the same way, so "families" finds an English "helping families" and "lektiehjælp" a
Danish "lektiehjælpen", whichever country the organisation is in.
"""

from __future__ import annotations

from django.conf import settings

from core.translated_fields import languages, localized

# One stored vector per configuration (migration 0016 creates exactly these columns).
TEXT_CONFIGS = ("norwegian", "danish", "english")


def config_of(language: str) -> str:
    """The configuration a text in `language` is stemmed with ("nn" -> "norwegian")."""
    return settings.SEARCH_CONFIG_BY_LANGUAGE.get(language, "simple")


def vector_column(config: str) -> str:
    return f"search_vector_{config}"


def documents(
    *, country_config: str, neutral: list[str], translated: list[tuple[object, str]]
) -> tuple[str, dict[str, str]]:
    """`search_document` and `search_texts` for a row: `neutral` texts and the translated
    fields' texts (`(obj, "description")`) written in a language stemmed like the country's go
    to the document; every other language's text to its configuration's entry."""
    document = [text for text in neutral if text]
    others: dict[str, list[str]] = {}
    for obj, field in translated:
        for code in languages():
            text = getattr(obj, localized(field, code), None)
            if not text:
                continue
            config = config_of(code)
            if config == country_config or config not in TEXT_CONFIGS:
                document.append(text)
            else:
                others.setdefault(config, []).append(text)
    return "\n".join(document), {config: "\n".join(texts) for config, texts in others.items()}
