"""The weekly slot is written once (core.weekly.WeeklySlot) and both of its users — a venue's
opening hours and an activity's weekly times — validate and read the same way."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.weekly import Weekday, WeeklySlot, format_slot
from meetings.forms import OpeningForm
from meetings.models import VenueOpening
from organizations.forms import ScheduleForm
from organizations.models import ActivitySchedule
from tests.factories import ActivityFactory, VenueFactory

pytestmark = pytest.mark.django_db

SLOTS = [
    pytest.param(VenueOpening, "opens_at", "closes_at", id="venue opening"),
    pytest.param(ActivitySchedule, "starts_at", "ends_at", id="activity schedule"),
]


@pytest.mark.parametrize(("model", "start", "end"), SLOTS)
def test_both_users_are_weekly_slots_with_their_own_time_names(model, start, end):
    assert issubclass(model, WeeklySlot)
    assert (model.start_field, model.end_field) == (start, end)
    assert model._meta.get_field("weekday").choices == Weekday.choices


@pytest.mark.parametrize(("model", "start", "end"), SLOTS)
def test_a_slot_reads_as_weekday_and_times_in_the_users_language(model, start, end):
    slot = model(weekday=Weekday.TUESDAY, **{start: time(18), end: time(20, 30)})
    with translation.override("en"):
        assert str(slot) == "Tuesday 18:00–20:30"
    with translation.override("nb"):
        assert str(slot) == "Tirsdag 18:00–20:30"


@pytest.mark.parametrize(("model", "start", "end"), SLOTS)
@pytest.mark.parametrize(
    ("opens", "closes"), [(time(18), time(18)), (time(20), time(18))], ids=["same", "before"]
)
def test_a_slot_that_does_not_end_after_it_starts_is_refused_next_to_its_end(
    model, start, end, opens, closes
):
    slot = model(weekday=Weekday.MONDAY, **{start: opens, end: closes})
    with pytest.raises(ValidationError) as refused:
        slot.clean()
    assert list(refused.value.message_dict) == [end]


@pytest.mark.parametrize(("model", "start", "end"), SLOTS)
def test_evening_and_weekend_are_read_the_same_for_both(model, start, end):
    saturday_evening = model(weekday=Weekday.SATURDAY, **{start: time(17), end: time(19)})
    tuesday_afternoon = model(weekday=Weekday.TUESDAY, **{start: time(16, 59), end: time(19)})
    assert (saturday_evening.is_evening, saturday_evening.is_weekend) == (True, True)
    assert (tuesday_afternoon.is_evening, tuesday_afternoon.is_weekend) == (False, False)


def test_the_slot_is_written_the_same_on_the_pages_of_both(client, coordinator, municipality):
    venue = VenueFactory(municipality=municipality)
    VenueOpening.objects.create(
        venue=venue, weekday=Weekday.TUESDAY, opens_at=time(8), closes_at=time(22)
    )
    activity = ActivityFactory(schedules=[(Weekday.TUESDAY, time(8), time(22))])
    with translation.override("en"):
        assert format_slot(Weekday.TUESDAY, time(8), time(22)) == "Tuesday 08:00–22:00"
        assert str(venue.openings.get()) == str(activity.schedules.get()) == "Tuesday 08:00–22:00"
    # The pages speak bokmål by default.
    activity_page = client.get(activity.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    venue_page = client.get(venue.get_absolute_url()).content.decode()
    assert "<li>Tirsdag 08:00–22:00</li>" in venue_page
    assert "<li>Tirsdag 08:00–22:00" in activity_page


def test_the_database_refuses_a_slot_that_ends_before_it_starts_for_both():
    venue = VenueFactory()
    activity = ActivityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VenueOpening.objects.create(venue=venue, weekday=0, opens_at=time(12), closes_at=time(10))
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivitySchedule.objects.create(
            activity=activity, weekday=0, starts_at=time(12), ends_at=time(10)
        )


def test_both_forms_put_the_order_error_next_to_the_end_time_in_their_own_words():
    with translation.override("en"):
        opening = OpeningForm({"weekday": "1", "opens_at": "18:00", "closes_at": "17:00"})
        schedule = ScheduleForm({"weekday": "1", "starts_at": "18:00", "ends_at": "17:00"})
        assert not opening.is_valid()
        assert not schedule.is_valid()
        assert opening.errors == {"closes_at": ["The closing time must be after the opening time."]}
        assert schedule.errors == {"ends_at": ["The end must be after the start."]}
        fine = ScheduleForm({"weekday": "1", "starts_at": "17:00", "ends_at": "18:00"})
        assert fine.is_valid(), fine.errors
