"""Forms for grant schemes, the eligibility helper, applications, draft review and help slots."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.widgets import LongSelect
from core.translated_fields import languages as all_languages
from core.translated_fields import localized
from grants import deadlines, matching
from grants.models import Application, Currency, HelpSlot, Scheme
from grants.translation import TRANSLATED_FIELDS
from organizations.choices import ActivityType, Category, Language, TargetGroup


def translations(field: str) -> list[str]:
    """A translated field's column per language: `summary` -> `summary_nb`, … `summary_en`."""
    return [localized(field, code) for code in all_languages()]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO_UNKNOWN = [("", _("Don't know")), ("yes", _("Yes")), ("no", _("No"))]
AMOUNT_ERROR = _("Write an amount of at least 0 with at most two decimals, like 25000.50.")


class AmountField(forms.DecimalField):
    """NOK or DKK: not negative, at most two decimals, with a message that says what to do."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(max_digits=12, decimal_places=2, **kwargs)
        self.error_messages.update(
            invalid=AMOUNT_ERROR,
            min_value=AMOUNT_ERROR,
            max_decimal_places=AMOUNT_ERROR,
            max_digits=_("That amount is too large."),
        )
        self.widget.attrs.update(inputmode="decimal", step="0.01", min="0")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)


class ListField(forms.CharField):
    """A list stored as JSON, edited as one item per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5000)
        super().__init__(**kwargs)
        # The length is of the text as typed; a validator would count the list's items.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        MaxLengthValidator(self.max_length)(value or "")
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class RuleField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", deadlines.FORMAT_EXAMPLE)
        super().__init__(max_length=200, **kwargs)

    def validate(self, value):
        super().validate(value)
        try:
            deadlines.parse_rule(value)
        except deadlines.RuleError as error:
            raise forms.ValidationError(str(error)) from None


def _multiple(choices, label):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class SchemeForm(forms.ModelForm):
    amount_min = AmountField(label=_("Smallest amount"))
    amount_max = AmountField(label=_("Largest amount"))
    required_documents = ListField(
        label=_("Required documents"), required=False, help_text=_("One document per line.")
    )
    deadline_rule = RuleField(label=_("Deadline"))
    window_opens_rule = RuleField(label=_("The application window opens"))
    report_rule = RuleField(label=_("Report due"))
    guidance_languages = _multiple(Language.choices, _("Guidance available in"))
    categories = _multiple(Category.choices, _("Kinds of organisation that may apply"))
    excluded_categories = _multiple(Category.choices, _("Kinds of organisation that may not apply"))
    levels = _multiple(matching.Level.choices, _("Levels that may apply"))
    activity_types = _multiple(ActivityType.choices, _("Activities funded"))
    target_groups = _multiple(TargetGroup.choices, _("Target groups"))
    size_bands = _multiple(matching.SizeBand.choices, _("Yearly turnover"))

    class Meta:
        model = Scheme
        fields = [
            "name",
            "administrator",
            "administrator_name",
            "status",
            *translations("summary"),
            *translations("who_may_apply"),
            *translations("what_is_funded"),
            "amount_min",
            "amount_max",
            "currency",
            "co_funding",
            "required_documents",
            "reporting",
            "official_url",
            "guidance_languages",
            "deadline_rule",
            *translations("deadline_pattern"),
            "window_opens_rule",
            "deadline_note",
            "check_official_deadline",
            "delegated_to_municipality",
            "cooperation_is_criterion",
            "contact_person",
            "contact_email",
            "information_meetings",
            "report_rule",
            "last_verified",
            "source",
            "facts_confirmed",
            "requires_voluntary_register",
            "requires_org_number",
            "requires_cvr",
            "categories",
            "excluded_categories",
            "levels",
            "branches_apply_centrally",
            "activity_types",
            "target_groups",
            "size_bands",
            "other_conditions",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for field in ("summary", "who_may_apply", "what_is_funded")
                for name in translations(field)
            },
            "co_funding": forms.Textarea(attrs={"rows": 2}),
            "reporting": forms.Textarea(attrs={"rows": 2}),
            "other_conditions": forms.Textarea(attrs={"rows": 2}),
            "last_verified": DATE,
        }

    def __init__(self, *args, meetings=None, languages=None, **kwargs):
        """`meetings`: the information meetings a scheme can be linked to (the coordinator's
        municipality's coming ones). `languages`: those the texts are written in here (the
        scheme's country's and English); the other languages' texts are left as they are."""
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        for field in TRANSLATED_FIELDS:
            base = Scheme._meta.get_field(field).verbose_name
            for code in all_languages():
                name = localized(field, code)
                if languages is not None and code not in languages:
                    del self.fields[name]
                    continue
                self.fields[name].label = _("%(field)s (%(language)s)") % {
                    "field": capfirst(base),
                    "language": names[code],
                }
        field = self.fields["information_meetings"]
        field.queryset = meetings if meetings is not None else field.queryset.none()
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.help_text = _("Your municipality's coming grant information meetings.")

    def clean(self):
        data = super().clean()
        summaries = [name for name in translations("summary") if name in self.fields]
        if summaries and not any(data.get(name) for name in summaries):
            self.add_error(summaries[0], _("Write the summary in at least one language."))
        for field in TRANSLATED_FIELDS:  # a language left empty is "", never NULL
            for name in translations(field):
                if name in data:
                    data[name] = data[name] or ""
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "amount_max", _("The largest amount must be at least the smallest amount.")
            )
        return data


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class HelperForm(forms.Form):
    """The eligibility helper: at most eight questions, a GET form that works without
    JavaScript. Every question can be left as "don't know". Its <select>s are written in Python
    (LongSelect, the same HTML): through the widget templates they were a third of the page."""

    category = forms.ChoiceField(
        label=_("What kind of organisation are you?"),
        choices=[("", _("Don't know")), *list(Category.choices)],
        required=False,
        widget=LongSelect,
    )
    level = forms.ChoiceField(
        label=_("Are you a local organisation, a branch or a national body?"),
        choices=[("", _("Don't know")), *matching.Level.choices],
        required=False,
        widget=LongSelect,
    )
    registered = forms.ChoiceField(
        label=_("Are you in the Register of Non-Profit Organisations (Frivillighetsregisteret)?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=LongSelect,
    )
    has_org_number = forms.ChoiceField(
        label=_("Do you have a Norwegian organisation number?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=LongSelect,
    )
    has_cvr = forms.ChoiceField(
        label=_("Does the association have a CVR number?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=LongSelect,
    )
    activity_type = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[("", _("Don't know")), *list(ActivityType.choices)],
        required=False,
        widget=LongSelect,
    )
    target_group = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[("", _("Don't know")), *list(TargetGroup.choices)],
        required=False,
        widget=LongSelect,
    )
    size_band = forms.ChoiceField(
        label=_("How large is your yearly income?"),
        choices=[("", _("Don't know")), *matching.SizeBand.choices],
        required=False,
        widget=LongSelect,
    )
    municipality = forms.ChoiceField(
        label=_("Which municipality are you active in?"),
        choices=(),
        required=False,
        widget=LongSelect,
    )

    # Questions only one country's organisations are asked: Denmark has no register of
    # non-profit organisations like Frivillighetsregisteret, and uses CVR numbers.
    COUNTRY_QUESTIONS = {"NO": ("registered", "has_org_number"), "DK": ("has_cvr",)}

    def __init__(self, *args, municipalities=(), country: str = "NO", **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country
        for other, questions in self.COUNTRY_QUESTIONS.items():
            if other != country:
                for name in questions:
                    del self.fields[name]
        self.fields["municipality"].choices = [("", _("Don't know"))] + [
            (str(m.pk), m.name) for m in municipalities if m.country == country
        ]

    def answers(self) -> matching.Answers:
        data = self.cleaned_data
        return matching.Answers(
            category=data.get("category") or None,
            level=data.get("level") or None,
            registered=_yes_no(data.get("registered")),
            has_org_number=_yes_no(data.get("has_org_number")),
            has_cvr=_yes_no(data.get("has_cvr")),
            activity_type=data.get("activity_type") or None,
            target_group=data.get("target_group") or None,
            size_band=data.get("size_band") or None,
            municipality_id=int(data["municipality"]) if data.get("municipality") else None,
        )

    @staticmethod
    def initial_from(answers: matching.Answers) -> dict:
        def yes_no(value):
            return {True: "yes", False: "no"}.get(value, "")

        return {
            "category": answers.category or "",
            "level": answers.level or "",
            "registered": yes_no(answers.registered),
            "has_org_number": yes_no(answers.has_org_number),
            "has_cvr": yes_no(answers.has_cvr),
            "activity_type": answers.activity_type or "",
            "target_group": answers.target_group or "",
            "size_band": answers.size_band or "",
            "municipality": str(answers.municipality_id or ""),
        }


class ApplicationForm(forms.ModelForm):
    amount_applied = AmountField(label=_("Amount applied for"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)

    class Meta:
        model = Application
        fields = ["title", "amount_applied", "currency", "deadline", "notes", "is_private"]
        widgets = {"deadline": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"deadline": _("Empty: the scheme's next deadline.")}


class ApplicationCreateForm(ApplicationForm):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    scheme = forms.ModelChoiceField(label=_("Grant scheme"), queryset=None)

    class Meta(ApplicationForm.Meta):
        fields = ["organization", "scheme", *ApplicationForm.Meta.fields]

    def __init__(self, *args, organizations, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["scheme"].queryset = schemes
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Application.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    amount_granted = AmountField(
        label=_("Amount granted"), help_text=_("When it is granted or partly granted.")
    )
    report_due_on = forms.DateField(label=_("Report due"), widget=DATE, required=False)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        # Every status is a choice: the service explains why a change is not allowed.
        self.fields["status"].choices = application.next_statuses or Application.Status.choices


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, OpenDocument, Excel or an image; at most 5 MB.")
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class DraftForm(forms.ModelForm):
    new_version = forms.BooleanField(
        label=_("Save as a new version"),
        help_text=_("The earlier version and the comments on it are kept with the application."),
        required=False,
    )
    file = forms.FileField(
        label=_("Or upload the draft as a file"),
        help_text=_("PDF, Word, OpenDocument, Excel or an image; at most 5 MB."),
        required=False,
    )

    class Meta:
        model = Application
        fields = ["draft_text"]
        widgets = {"draft_text": forms.Textarea(attrs={"rows": 14})}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and file.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ShareForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Share with the coordinators of"),
        queryset=None,
        required=False,
        empty_label=_("Nobody (stop sharing)"),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class CommentForm(forms.Form):
    section = forms.TypedChoiceField(
        label=_("Section"), coerce=int, required=False, empty_value=None, choices=()
    )
    body = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole draft"))] + [
            (s["number"], f"{s['number']}. {(s['heading'] or s['body'])[:60]}") for s in sections
        ]


class HelpSlotForm(forms.ModelForm):
    class Meta:
        model = HelpSlot
        fields = ["starts_at", "minutes", "place", "note", "meeting"]
        widgets = {"starts_at": DATETIME}

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].help_text = _(
            "A grant information meeting in the calendar that this help belongs to."
        )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class BookForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    topic = forms.CharField(label=_("What you want help with"), max_length=300, required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Do you want an interpreter?"),
        choices=[("", _("No interpreter needed")), *Language.choices],
        required=False,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
