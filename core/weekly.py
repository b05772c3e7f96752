"""A weekly slot: a weekday with a start and an end in wall-clock time, written once.

Two things in the portal recur every week: a venue's opening hours (`meetings.VenueOpening`:
"opens"/"closes") and an activity's weekly times (`organizations.ActivitySchedule`:
"starts"/"ends"). Both are a `WeeklySlot`: the weekday field, the rule that a slot ends after it
starts (a database check and a model/form validation), how a slot is written ("Tuesday
18:00–20:00") and whether it is an evening or a weekend slot come from here. Each model keeps its
own names for the two times (their labels say "opens" or "starts" to the user) and names them in
`start_field` and `end_field`.
"""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


WEEKEND_DAYS = (Weekday.SATURDAY, Weekday.SUNDAY)
EVENING_STARTS_HOUR = 17


def format_slot(weekday: int, start: time, end: time) -> str:
    """ "Tuesday 18:00–20:00", with the weekday in the active language."""
    return f"{Weekday(weekday).label} {start:%H:%M}–{end:%H:%M}"


def validate_slot(start: time | None, end: time | None, *, end_field: str, message) -> None:
    """Refuses a slot that does not end after it starts, with `message` on the end field.
    A missing time is the field's own error, not this one."""
    if start is not None and end is not None and end <= start:
        raise ValidationError({end_field: message})


def ends_after_start(start_field: str, end_field: str, name: str) -> models.CheckConstraint:
    """The database's copy of `validate_slot`."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end_field}__gt": models.F(start_field)}), name=name
    )


class WeeklySlot(models.Model):
    """Abstract: a weekday and two `TimeField`s named by `start_field` and `end_field`."""

    start_field = "starts_at"
    end_field = "ends_at"
    order_message = _("The end must be after the start.")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return format_slot(self.weekday, self.slot_start, self.slot_end)

    @property
    def slot_start(self) -> time:
        return getattr(self, self.start_field)

    @property
    def slot_end(self) -> time:
        return getattr(self, self.end_field)

    @property
    def is_evening(self) -> bool:
        return self.slot_start.hour >= EVENING_STARTS_HOUR

    @property
    def is_weekend(self) -> bool:
        return self.weekday in WEEKEND_DAYS

    def clean(self) -> None:
        super().clean()
        validate_slot(
            self.slot_start, self.slot_end, end_field=self.end_field, message=self.order_message
        )

    @classmethod
    def validate_form(cls, form, cleaned: dict) -> None:
        """The same rule for a form that has the slot's fields under the model's names (a plain
        form as well as a ModelForm): the error goes next to the end field."""
        try:
            validate_slot(
                cleaned.get(cls.start_field),
                cleaned.get(cls.end_field),
                end_field=cls.end_field,
                message=cls.order_message,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field, messages)
