"""Plain-text e-mails (subjects and bodies) are not HTML: a title with an apostrophe, an
ampersand or quotation marks arrives as typed, never as `&#x27;` or `&amp;`."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.time import OSLO

TITLE = 'Kari\'s møte & "kaffe" <3'
TEMPLATES = sorted(
    path.name for path in (Path(settings.BASE_DIR) / "templates" / "emails").glob("*.txt")
)
SUBJECTS = [name for name in TEMPLATES if name.endswith("_subject.txt")]


class Anything(str):
    """Stands for every value a template asks for: its attributes, items and members are the
    title again, so each `{{ ... }}` of a template prints the title."""

    def __new__(cls):
        return super().__new__(cls, TITLE)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return value_for(name)

    def __getitem__(self, key):
        return value_for(key) if isinstance(key, str) else Anything()

    def __iter__(self):
        return iter([Anything()])

    def __len__(self):
        return 1


def value_for(name: str):
    """Numbers where a template needs one (URL arguments, counts), the title elsewhere."""
    if name in ("pk", "id", "days", "count") or name.endswith("_id"):
        return 1
    if name.endswith("_at"):
        return datetime(2026, 12, 7, 18, tzinfo=UTC)
    if name.endswith("slug"):
        return "drammen"
    return Anything()


def source_of(name: str) -> str:
    """A template's text with the text of the e-mail templates it includes."""
    source = (Path(settings.BASE_DIR) / "templates" / "emails" / name).read_text()
    included = re.findall(r"\{% include \"emails/([^\"]+)\" %\}", source)
    return source + "".join(source_of(other) for other in included)


def context_for(name: str) -> dict:
    source = source_of(name)
    tags = " ".join(re.findall(r"\{[{%](.*?)[}%]\}", source))
    names = set(re.findall(r"\b([a-z_]+)\b", tags))
    return {key: value_for(key) for key in names}


def test_every_subject_template_is_checked():
    assert len(SUBJECTS) >= 25
    assert "meeting_invitation_subject.txt" in SUBJECTS


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_plain_text_email_templates_do_not_html_escape(name, language):
    with translation.override(language):
        text = render_to_string(f"emails/{name}", context_for(name))

    assert "&#x27;" not in text
    assert "&amp;" not in text
    assert "&quot;" not in text
    assert "&lt;" not in text


@pytest.mark.parametrize(
    "name", [n for n in SUBJECTS if "title" in context_for(n) or "notification" in context_for(n)]
)
def test_a_subject_shows_the_title_as_typed(name):
    with translation.override("nb"):
        subject = render_to_string(f"emails/{name}", context_for(name))

    assert TITLE in subject


@pytest.mark.django_db
def test_a_meeting_invitation_arrives_with_the_title_as_typed(coordinator, municipality):

    from django.core import mail

    from meetings.models import Kind
    from meetings.services import meeting_create
    from notifications.services import notifications_send_due
    from tests.factories import UserFactory

    person = UserFactory(preferred_language="nb")
    title = 'Kari\'s møte & "kaffe"'
    meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": Kind.DIALOGUE, "title": title},
        starts_at=datetime(2026, 9, 8, 18, tzinfo=OSLO),
        ends_at=datetime(2026, 9, 8, 20, tzinfo=OSLO),
        people=[person],
        now=datetime(2026, 9, 1, 12, tzinfo=OSLO),
    )
    mail.outbox.clear()

    notifications_send_due(now=datetime(2026, 9, 1, 13, tzinfo=OSLO))

    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    assert message.subject == f"Invitasjon: {title}"
    assert title in message.body
