"""Forms for persons, consent, referrals, answers, routing and information sheets.

The forms validate input and shape it for the services; the services make the decisions (and
their ValidationErrors land next to the field they are about). There is no field for
special-category data, and both free-text fields carry a visible warning.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.countries import normalize_postal_code
from core.forms import PersonalDataCheck
from core.personal_data import special_category_warning
from core.steps import Step
from organizations.choices import Language
from organizations.models import Activity, Organization
from referrals.choices import (
    RIGHT_TO_LEFT,
    ChildAgeBand,
    DeclineCategory,
    Handover,
    Interest,
    Offer,
    OfferAnswer,
    SharedField,
    SheetLanguage,
    SignedHow,
    SuitabilityCheck,
)
from referrals.models import (
    CONSENT_MONTHS,
    Consent,
    InformationSheet,
    Person,
    PrivacyNotice,
    RetentionPolicy,
)
from referrals.selectors import information_sheets_current, organizations_for_referrals

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SPECIAL_CATEGORY_WARNING = special_category_warning()


def verified_organizations_in(municipality) -> forms.models.QuerySet:
    """Organisations this municipality has verified (verified elsewhere is not enough)."""
    return Organization.objects.verified_in(municipality).order_by("name")


def covered_organizations(consents, municipality):
    """Organisations that can receive the referral (verified, with an agreement in force that
    says how contact data is passed on) and that at least one of the consents covers."""
    organizations = organizations_for_referrals(municipality).order_by("name")
    if any(consent.municipality_chooses for consent in consents):
        return organizations
    ids = {o.pk for consent in consents for o in consent.organizations.all()}
    return organizations.filter(pk__in=ids)


class PersonForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Preferred languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interests_other = forms.CharField(
        label=_("Other interests"),
        max_length=200,
        required=False,
        help_text=SPECIAL_CATEGORY_WARNING,
    )
    children_age_bands = forms.MultipleChoiceField(
        label=_("Children's ages"),
        choices=ChildAgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for a family that wants an offer for the whole family."),
    )

    class Meta:
        model = Person
        fields = Person.PERSONAL_FIELDS

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country  # the municipality's: a Danish caseworker types a Danish postcode

    def clean_postal_code(self):
        return normalize_postal_code(self.cleaned_data["postal_code"], self.country)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# The consent in three steps (core/steps.py): how the person was informed, what is shared with
# whom, how it was given. Nothing is recorded before the last.
CONSENT_STEPS = [
    Step(
        "information",
        _("Information"),
        ("informed_on", "information_language", "interpreter_present"),
    ),
    Step(
        "sharing",
        _("What is shared"),
        ("shared_fields", "organizations", "municipality_chooses", "offer", "offer_note"),
    ),
    Step("confirmation", _("Confirmation"), ("signed_how", "person_confirmed", "valid_until")),
]


class ConsentForm(forms.Form):
    informed_on = forms.DateField(label=_("The person was informed on"), widget=DATE)
    information_language = forms.ChoiceField(
        label=_("Language of the information"), choices=SheetLanguage.choices
    )
    interpreter_present = forms.BooleanField(label=_("An interpreter was present"), required=False)
    shared_fields = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The organisation sees the postal area, interests, languages, household type, "
            "children's ages and your note first, each only if ticked here; name, phone, e-mail "
            "and address only after it has accepted."
        ),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("With these organisations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Verified organisations active in the municipality."),
    )
    municipality_chooses = forms.BooleanField(
        label=_("With organisations the municipality chooses"), required=False
    )
    offer = forms.ChoiceField(label=_("For this offer"), choices=Offer.choices)
    offer_note = forms.CharField(
        label=_("The offer in the person's words"),
        max_length=200,
        required=False,
        help_text=_("For example “a refugee guide to get to know Drammen”."),
    )
    signed_how = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=SignedHow.choices,
        widget=forms.RadioSelect,
    )
    person_confirmed = forms.BooleanField(
        label=_("The person confirmed the consent"),
        required=False,
        help_text=_("Required: without the person's confirmation no referral can be made."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DATE,
        help_text=_("Usually six months; at most a year."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = verified_organizations_in(municipality)
        # Only languages whose sheet a consent can be recorded on: filled in and not a draft.
        self.fields["information_language"].choices = [
            (sheet.language, sheet.get_language_display())
            for sheet in information_sheets_current(municipality)
            if sheet.is_usable
        ]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("informed_on", today)
            self.initial.setdefault("valid_until", today + relativedelta(months=CONSENT_MONTHS))
            # The sheet in the municipality's own language: Danish, nynorsk or bokmål.
            own = {"da": SheetLanguage.DANISH, "nn": SheetLanguage.NYNORSK}
            self.initial.setdefault(
                "information_language", own.get(municipality.language, SheetLanguage.NORWEGIAN)
            )

    def clean(self):
        data = super().clean()
        if not data.get("person_confirmed") and "person_confirmed" not in self.errors:
            self.add_error(
                "person_confirmed",
                _(
                    "Tick this box only when the person has confirmed the consent; without it "
                    "no referral can be made."
                ),
            )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["organizations"] = list(data["organizations"])
        return data


class ConsentRenewForm(forms.Form):
    valid_until = forms.DateField(
        label=_("New end date"), widget=DATE, help_text=_("At most a year from today.")
    )


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("The person withdrew the consent on"),
        widget=DATE,
        initial=timezone.localdate,
    )


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(
            _("%(offer)s, valid until %(date)s")
            % {
                "offer": obj.get_offer_display(),
                "date": date_format(obj.valid_until, "SHORT_DATE_FORMAT"),
            }
        )


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.organization.name})"


class ReferralForm(forms.Form):
    consent = ConsentChoiceField(label=_("Consent"), queryset=Consent.objects.none())
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Let the coordinator choose the organisation"),
        help_text=_("Only organisations the person's consent covers."),
    )
    activity = ActivityChoiceField(
        label=_("Activity (optional)"), queryset=Activity.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note to the organisation"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            "{} {} {}",
            _("What the person hopes for, e.g. practising Norwegian on weekday evenings."),
            _("Shown to the organisation only if the consent covers the note."),
            SPECIAL_CATEGORY_WARNING,
        ),
    )
    interpreter_needed = forms.BooleanField(
        label=_("The first meeting needs an interpreter"), required=False
    )
    interpreter_language = forms.ChoiceField(
        label=_("The interpreter's language"),
        choices=[("", "–"), *Language.choices],
        required=False,
        help_text=_("The organisation sees this in the summary, so that it can plan the meeting."),
    )
    suitability = forms.MultipleChoiceField(
        label=_("The offer fits the person"),
        choices=SuitabilityCheck.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Volunteers are a human supplement. They do not do what is the public services' job "
            "and paid work. Tick every point before you refer."
        ),
    )

    def __init__(self, *args, consents, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        consents = list(consents)
        self.fields["consent"].queryset = Consent.objects.filter(pk__in=[c.pk for c in consents])
        if len(consents) == 1 and not self.is_bound:
            self.initial["consent"] = consents[0].pk
        organizations = covered_organizations(consents, municipality)
        self.fields["organization"].queryset = organizations
        self.fields["activity"].queryset = (
            Activity.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by("organization__name", "title")
        )

    def clean(self):
        data = super().clean()
        activity, organization = data.get("activity"), data.get("organization")
        if activity is not None and organization is None:
            data["organization"] = activity.organization
        if set(data.get("suitability") or []) != set(SuitabilityCheck.values):
            self.add_error(
                "suitability",
                _(
                    "Confirm every point: a volunteer offer must fit the person, and volunteers "
                    "do not give care or treatment, do case work or handle money, legal or "
                    "housing matters."
                ),
            )
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Choose the language the interpreter must speak.")
            )
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "consent": data["consent"],
            "organization": data["organization"],
            "activity": data["activity"],
            "note": data["note"],
            "suitability": data["suitability"],
            "interpreter_needed": data["interpreter_needed"],
            "interpreter_language": data["interpreter_language"],
        }


class OfferPresentationForm(forms.Form):
    """The caseworker presented a volunteer offer: what the person answered (R52)."""

    offer = forms.ChoiceField(label=_("The offer presented"), choices=Offer.choices)
    presented_on = forms.DateField(label=_("Presented on"), widget=DATE)
    answer = forms.ChoiceField(
        label=_("The person's answer"), choices=OfferAnswer.choices, widget=forms.RadioSelect
    )
    offer_again_on = forms.DateField(
        label=_("Offer it again on"),
        widget=DATE,
        required=False,
        help_text=_(
            "Only for “not now”. Empty: in three months. You get a reminder on that day, with a "
            "link and nothing about the person."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("presented_on", timezone.localdate())


class ContactResultForm(forms.Form):
    """Contact made: how the details reached the volunteer, and that copies are deleted."""

    handover = forms.ChoiceField(
        label=_("How did the contact details reach the volunteer?"),
        choices=Handover.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    copies_deleted = forms.BooleanField(
        label=_("Every copy of the person's details outside Brobygger is deleted"),
        required=False,
        help_text=_(
            "Notes, messages, e-mails and what the volunteer wrote down: once contact is made, "
            "the details stay only here, and you no longer see them."
        ),
    )


class DeclineForm(PersonalDataCheck, forms.Form):
    """A reason from the list (what the coordinator's start page counts) and an optional note for
    the caseworker. A note that looks like it holds a phone number or an e-mail address is
    accepted only after `confirm_no_personal_data` is ticked, as for announcements; the box is
    shown only then, with what was found."""

    checked_fields = ("note",)
    category = forms.ChoiceField(
        label=_("Why do you decline?"),
        choices=DeclineCategory.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the caseworker (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only the caseworker sees it, and it is erased with the person's data. Never write "
            "the person's name, phone number or other personal data."
        ),
    )
    confirm_no_personal_data = forms.BooleanField(
        label=_("I confirm there is no personal data in this note"),
        required=False,
    )

    def service_fields(self) -> dict:
        return {
            "category": self.cleaned_data["category"],
            "note": self.cleaned_data["note"],
            "personal_data_confirmed": bool(self.personal_data),
        }


class RouteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )
    activity = ActivityChoiceField(
        label=_("Activity (optional)"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = covered_organizations([referral.consent], referral.municipality)
        self.fields["organization"].queryset = organizations
        self.fields["activity"].queryset = (
            Activity.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by("organization__name", "title")
        )


class InformationSheetForm(forms.ModelForm):
    class Meta:
        model = InformationSheet
        fields = ["title", "body", "consent_text"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "consent_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
        for name in self.fields:
            self.fields[name].widget.attrs.update({"lang": language, "dir": direction})


class InformationSheetApproveForm(forms.Form):
    checked = forms.BooleanField(
        label=_("I have had this translation checked"),
        help_text=_(
            "By a qualified translator or interpreter, against the Norwegian, Danish or English "
            "sheet. Once approved, consents can be recorded on it."
        ),
    )


class OfferLeafletApproveForm(forms.Form):
    checked = forms.BooleanField(
        label=_("I have had this translation checked"),
        help_text=_(
            "By a qualified translator or interpreter, against the English text shown beside it. "
            "Once approved, the leaflet is printed in this language above the municipality's "
            "list of activities, for anyone to download."
        ),
    )


class RetentionPolicyForm(forms.ModelForm):
    """Days per data type, within the bounds the model declares (shown under each box)."""

    class Meta:
        model = RetentionPolicy
        fields = list(RetentionPolicy.BOUNDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (least, most) in RetentionPolicy.BOUNDS.items():
            field = self.fields[name]
            field.widget.attrs.update({"min": least, "max": most})
            bounds = _("Between %(least)d and %(most)d days.") % {"least": least, "most": most}
            field.help_text = format_lazy("{} {}", field.help_text, bounds).strip()


class PrivacyNoticeForm(forms.ModelForm):
    """The facts of the municipality's privacy notice (referrals.models.PrivacyNotice)."""

    class Meta:
        model = PrivacyNotice
        fields = list(PrivacyNotice.FIELDS)
        widgets = {
            "controller_address": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
        }


class StaffFeedbackForm(PersonalDataCheck, forms.Form):
    """The quarterly follow-up (R40, W13): three short questions about the work, none about a
    person. Text that looks like a phone number or an e-mail address is refused unless the
    caseworker confirms it is not personal data."""

    what_works = forms.CharField(
        label=_("What works well when you offer a volunteer contact?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_is_hard = forms.CharField(
        label=_("What is hard, and what would help you?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    offered = forms.IntegerField(
        label=_("How many people did you offer a volunteer contact in the quarter?"),
        min_value=0,
        max_value=10000,
    )
    confirm_no_personal_data = forms.BooleanField(
        label=_("I confirm there is no personal data in my answer"), required=False
    )

    checked_fields = ("what_works", "what_is_hard")
