"""Grant deadlines as all-day iCalendar events, for the per-organisation calendar feed
(`meetings:feed`): one event per deadline of each scheme the organisation follows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings

from grants.models import Follow, Scheme


def deadline_events(organization, *, start: date, end: date, now: datetime) -> list:
    events = []
    follows = Follow.objects.filter(
        organization=organization, scheme__status=Scheme.Status.PUBLISHED
    ).select_related("scheme")
    for follow in follows:
        scheme = follow.scheme
        for day in scheme.rule.occurrences(start, end):
            event = icalendar.Event()
            event.add("uid", f"grant-{scheme.slug}-{day.isoformat()}@brobygger")
            event.add("dtstamp", now)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", f"{scheme.name} – deadline")
            event.add("transp", "TRANSPARENT")
            event.add("url", settings.SITE_URL + scheme.get_absolute_url())
            if scheme.deadline_note:
                event.add("description", scheme.deadline_note)
            events.append(event)
    return events
