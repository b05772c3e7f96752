"""Grant deadlines of followed schemes in the organisation's calendar feed (meetings:feed)."""

from datetime import date, datetime

import icalendar
import pytest

from core.time import OSLO
from grants.selectors import deadline_events
from meetings.services import feed_for
from tests.factories import FollowFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def test_followed_deadlines_are_all_day_events_in_the_organisations_feed(client, organization):
    FollowFactory(organization=organization, scheme=SchemeFactory(name="VAT compensation"))
    SchemeFactory(name="Not followed")
    feed = feed_for(organization=organization)
    calendar = icalendar.Calendar.from_ical(client.get(feed.get_absolute_url()).content)
    events = [e for e in calendar.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["VAT compensation – deadline"]
    assert isinstance(events[0].decoded("dtstart"), date)
    assert events[0].decoded("dtstart").month == 3  # the factory's 1 March every year


def test_a_draft_scheme_is_not_in_the_feed(organization):
    FollowFactory(organization=organization, scheme=SchemeFactory(status="draft"))
    now = datetime(2025, 1, 1, tzinfo=OSLO)
    assert (
        deadline_events(organization, start=date(2025, 1, 1), end=date(2026, 1, 1), now=now) == []
    )
