import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_REPORT_DAYS = 366 * 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """The report's period: from and to, both days included (Europe/Oslo)."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date comes before the start date; swap them."))
            elif end - start > datetime.timedelta(days=MAX_REPORT_DAYS):
                self.add_error("end", _("Choose a period of at most ten years."))
        return cleaned
