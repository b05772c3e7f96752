from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.countries import normalize_postal_code
from core.forms import PersonalDataCheck, clean_postal_code
from core.steps import Step
from core.translated_fields import languages, localized
from organizations.models import (
    ORGANIZATION_M2M,
    Activity,
    ActivitySchedule,
    CategoryTerm,
    LanguageTerm,
    NeedTerm,
    OfferTerm,
    Organization,
    OrganizationMembership,
    TargetGroupTerm,
)
from organizations.selectors import organizations_with_number, possible_umbrellas
from organizations.validators import (
    normalize_danish_cvr,
    normalize_norwegian_org_number,
    normalize_phone,
)

# The organisation's description in each language of settings.LANGUAGES (django-modeltranslation
# columns; core.translated_fields). Adding a language to LANGUAGES adds a box here.
DESCRIPTION_FIELDS = [localized("description", code) for code in languages()]
POSTAL_CODE_FIELDS = ("postal_code", "visiting_postal_code")
TITLE_FIELDS = [localized("title", code) for code in languages()]
TITLE_LABELS = {
    localized("title", "nb"): _("Title in Norwegian bokmål"),
    localized("title", "nn"): _("Title in Norwegian nynorsk"),
    localized("title", "da"): _("Title in Danish"),
    localized("title", "en"): _("Title in English"),
}
DESCRIPTION_LABELS = {
    localized("description", "nb"): _("Description in Norwegian bokmål"),
    localized("description", "nn"): _("Description in Norwegian nynorsk"),
    localized("description", "da"): _("Description in Danish"),
    localized("description", "en"): _("Description in English"),
}


class SortedByLabel(ModelChoiceIterator):
    """Alphabetical by the translated label, with "other" last."""

    def __iter__(self):
        def key(choice):
            value, label = choice
            return (
                getattr(getattr(value, "instance", None), "code", "") == "other",
                str(label).casefold(),
            )

        return iter(sorted(super().__iter__(), key=key))


class TermChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes for a vocabulary, in alphabetical order of the translated labels."""

    widget = forms.CheckboxSelectMultiple
    iterator = SortedByLabel

    def label_from_instance(self, obj) -> str:
        return obj.label


# Registration in four steps, each within a phone's screen (core/steps.py). The municipalities
# come first: the phone number is read by their country. The logo is a file: the last step.
REGISTRATION_STEPS = [
    Step(
        "organisation",
        _("The organisation"),
        (
            "kind",
            "orientation",
            "parent",
            "name",
            "number_scheme",
            "org_number",
            "organization_form",
            "in_voluntary_register",
            "municipalities",
        ),
    ),
    Step(
        "activities",
        _("What you do"),
        (
            "categories",
            *DESCRIPTION_FIELDS,
            "languages",
            "target_groups",
        ),
    ),
    Step(
        "contact",
        _("Contact"),
        (
            "website",
            "email",
            "phone",
            "postal_address",
            "postal_code",
            "postal_city",
            "visiting_address",
            "visiting_postal_code",
            "visiting_city",
        ),
    ),
    Step(
        "confirm",
        _("Safety and logo"),
        (
            "police_certificates",
            "volunteers_insured",
            "logo",
            "looking_for_partners",
            "looking_for_partners_until",
            "notify_of_needs",
            "offers",
            "offers_text",
            "needs",
            "needs_text",
            "confirm_no_personal_data",
            "crisis_contact",
            "crisis_capacity",
        ),
    ),
]


class OrganizationForm(PersonalDataCheck, forms.ModelForm):
    # What others read about offers and needs is checked for a phone number or an e-mail
    # address (core.forms.PersonalDataCheck): the box to confirm shows only when one is found.
    checked_fields = ("offers_text", "needs_text")
    confirm_no_personal_data = forms.BooleanField(
        label=_("I confirm there is no personal data in what we offer or need"),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind of actor"),
        choices=Organization.Kind.choices,
        required=False,  # left out: the kind it has (a new profile: a registered association)
        initial=Organization.Kind.ASSOCIATION,
        widget=forms.RadioSelect,
        help_text=_(
            "A registered association or a business gives its organisation number, which the "
            "municipality checks against the register. An informal network, a single enthusiast "
            "(“ildsjel”) or an immigrant council has no number: you are then its contact person, "
            "and the municipality gets in touch with you to verify it."
        ),
    )
    orientation = forms.ChoiceField(
        label=_("Who the organisation is for"),
        choices=[("", _("Not said")), *Organization.Orientation.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    parent = forms.ModelChoiceField(
        label=_("Umbrella organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("None: we are not a local branch"),
        help_text=_(
            "For a local branch: the national or regional organisation it belongs to. Its admins "
            "see your branch on its page."
        ),
    )
    offers = TermChoiceField(
        label=_("What you can offer other organisations"),
        queryset=OfferTerm.objects.all(),
        required=False,
    )
    needs = TermChoiceField(
        label=_("What you need"), queryset=NeedTerm.objects.all(), required=False
    )
    categories = TermChoiceField(
        label=_("Categories"),
        queryset=CategoryTerm.objects.all(),
        help_text=_("Choose all that fit."),
        error_messages={"required": _("Choose at least one category.")},
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities where you are active"),
        queryset=Municipality.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one municipality.")},
    )
    languages = TermChoiceField(
        label=_("Languages you can work in"), queryset=LanguageTerm.objects.all(), required=False
    )
    target_groups = TermChoiceField(
        label=_("Target groups"), queryset=TargetGroupTerm.objects.all(), required=False
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=Organization._meta.get_field("website").max_length,
    )
    # Wider than the stored values: spaces and country codes are typed, then normalised.
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Optional for informal groups without a registered number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Public phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "orientation",
            "parent",
            "number_scheme",
            "org_number",
            "organization_form",
            "in_voluntary_register",
            "categories",
            "municipalities",
            *DESCRIPTION_FIELDS,
            "website",
            "email",
            "phone",
            "postal_address",
            "postal_code",
            "postal_city",
            "visiting_address",
            "visiting_postal_code",
            "visiting_city",
            "languages",
            "target_groups",
            "police_certificates",
            "volunteers_insured",
            "logo",
            "looking_for_partners",
            "looking_for_partners_until",
            "offers",
            "offers_text",
            "needs",
            "needs_text",
            "notify_of_needs",
            "crisis_contact",
            "crisis_capacity",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in DESCRIPTION_FIELDS},
            "looking_for_partners_until": forms.DateInput(attrs={"type": "date"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "in_voluntary_register": forms.NullBooleanSelect,
            "volunteers_insured": forms.NullBooleanSelect,
        }

        labels = DESCRIPTION_LABELS

    existing_organization: Organization | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = possible_umbrellas(exclude=self.instance.pk)

    def description_fields(self) -> list[forms.BoundField]:
        """One box per language, the reader's own first (a Danish association writes Danish)."""
        first = localized("description", get_language() or settings.LANGUAGE_CODE)
        names = sorted(DESCRIPTION_FIELDS, key=lambda name: name != first)
        return [self[name] for name in names if name in self.fields]

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or Organization.Kind.ASSOCIATION

    def clean_org_number(self) -> str:
        value = self.cleaned_data.get("org_number", "")
        if not value.strip():
            return ""
        scheme = self.data.get(self.add_prefix("number_scheme"), Organization.NumberScheme.NORWAY)
        if scheme == Organization.NumberScheme.DENMARK:
            number = normalize_danish_cvr(value)
        else:
            number = normalize_norwegian_org_number(value)
        self.existing_organization = (
            organizations_with_number(number, scheme=scheme).exclude(pk=self.instance.pk).first()
        )
        if self.existing_organization:
            raise ValidationError(_("This organisation is already registered."), code="duplicate")
        return number

    def clean(self):
        cleaned = super().clean()
        for name in DESCRIPTION_FIELDS:  # a language left empty is "", never NULL
            if name in cleaned:
                cleaned[name] = cleaned[name] or ""
        # By the country of the municipalities chosen here: "22 33 44 55" for an association in
        # a Danish municipality is +4522334455, and its postcodes are Danish ones.
        if {"phone", *POSTAL_CODE_FIELDS} & set(cleaned):
            municipalities = cleaned.get("municipalities")
            if municipalities is None and self.instance.pk:
                municipalities = self.instance.municipalities.all()
            country = Organization.country_from(
                municipalities=municipalities,
                number_scheme=cleaned.get("number_scheme") or self.instance.number_scheme,
            )
            normalizers = {
                "phone": normalize_phone,
                **dict.fromkeys(POSTAL_CODE_FIELDS, normalize_postal_code),
            }
            for name, normalize in normalizers.items():
                if name not in cleaned:
                    continue
                try:
                    cleaned[name] = normalize(cleaned[name], country)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > settings.LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo is %(size)d kB; the limit is %(limit)d kB.")
                % {"size": logo.size // 1024, "limit": settings.LOGO_MAX_BYTES // 1024}
            )
        return logo

    def split(self) -> tuple[dict, dict]:
        """The cleaned data as (model fields, many-to-many) for the services."""
        fields = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ORGANIZATION_M2M and k != "confirm_no_personal_data"
        }
        if fields.get("logo") is None:
            fields.pop("logo", None)
        if fields.get("logo") is False:  # "clear" ticked
            fields["logo"] = ""
        m2m = {k: self.cleaned_data[k] for k in ORGANIZATION_M2M if k in self.cleaned_data}
        return fields, m2m


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the organisation not verified?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("The organisation's admin sees this and can correct the profile."),
    )


class BranchDetachForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not your branch (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("Its admins and the municipality's coordinators read this."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganizationMembership.Role.choices,
        initial=OrganizationMembership.Role.MEMBER,
    )


class MemberRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=OrganizationMembership.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )
    phone = forms.CharField(
        label=_("Phone for the municipality"),
        required=False,
        max_length=30,
        help_text=_("For contact persons. Shown to the municipality's staff only."),
    )

    def __init__(self, *args, country: str = "NO", **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""), self.country)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the organisation's admin"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The activity facts, grouped as the form shows them: legend, field names.
FACT_GROUPS = (
    (
        _("Who it is for"),
        ("age_from", "age_to", "level", "introduction_programme"),
    ),
    (
        _("Practical help"),
        ("childcare", "transport_help", "open_on_holidays"),
    ),
    (
        _("Children and safety"),
        ("children", "police_certificates", "insured", "volunteer_agreements"),
    ),
)


class ActivityForm(forms.ModelForm):
    languages = TermChoiceField(
        label=_("Languages spoken"), queryset=LanguageTerm.objects.all(), required=False
    )
    target_groups = TermChoiceField(
        label=_("Target groups"), queryset=TargetGroupTerm.objects.all(), required=False
    )
    online_url = forms.URLField(
        label=_("Link for online participation"),
        required=False,
        assume_scheme="https",
        max_length=Activity._meta.get_field("online_url").max_length,
    )

    class Meta:
        model = Activity
        fields = [
            *TITLE_FIELDS,
            "type",
            *DESCRIPTION_FIELDS,
            "municipality",
            "target_groups",
            "languages",
            "is_free",
            "price",
            "registration_required",
            "online",
            "online_url",
            "address",
            "postal_code",
            "city",
            "is_active",
            *(name for _legend, names in FACT_GROUPS for name in names),
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in DESCRIPTION_FIELDS},
            "age_from": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 120}),
            "age_to": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 120}),
        }
        labels = {**TITLE_LABELS, **DESCRIPTION_LABELS}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = organization.municipalities.order_by("name")
        self.fields["municipality"].empty_label = None
        # A form posted without them (an older page, a script) keeps the defaults.
        for name in ("level", "children"):
            self.fields[name].required = False
        # A box per language for the title and the description, as for the organisation: the
        # reader's own first. One title in any language is enough; readers of the others get it.
        language = get_language() or settings.LANGUAGE_CODE
        order = list(self.fields)
        for group, field in ((TITLE_FIELDS, "title"), (DESCRIPTION_FIELDS, "description")):
            first = localized(field, language)
            at = order.index(group[0])
            boxes = sorted(group, key=lambda name: name != first)
            rest = [name for name in order if name not in group]
            order = rest[:at] + boxes + rest[at:]
        self.order_fields(order)
        for name in TITLE_FIELDS:
            self.fields[name].required = False
        first_title = next(name for name in order if name in TITLE_FIELDS)
        self.fields[first_title].help_text = _(
            "In at least one language. Readers of another language get the closest one written."
        )

    def clean_level(self):
        return self.cleaned_data.get("level") or Activity._meta.get_field("level").default

    def clean_children(self):
        return self.cleaned_data.get("children") or Activity._meta.get_field("children").default

    def main_fields(self):
        """The fields outside the fact groups, in form order."""
        grouped = {name for _legend, names in FACT_GROUPS for name in names}
        return [field for field in self if field.name not in grouped]

    def fact_groups(self):
        """The practical and child-safety facts, one fieldset each (R06, R09, R10, R18)."""
        return [(legend, [self[name] for name in names]) for legend, names in FACT_GROUPS]

    def clean(self):
        cleaned = super().clean()
        for name in [*TITLE_FIELDS, *DESCRIPTION_FIELDS]:  # a language left empty is "", not NULL
            if name in cleaned:
                cleaned[name] = (cleaned[name] or "").strip()
        titles = [name for name in self.fields if name in TITLE_FIELDS]
        if not any(cleaned.get(name) for name in titles) and not self.has_error(titles[0]):
            self.add_error(titles[0], _("Give the activity a title, in at least one language."))
        if not cleaned.get("is_free") and cleaned.get("price") is None:
            self.add_error("price", _("Write the price, or tick “free of charge”."))
        if cleaned.get("online") and not cleaned.get("online_url"):
            self.add_error("online_url", _("Give the link people use to join online."))
        if not cleaned.get("online") and not cleaned.get("address"):
            self.add_error("address", _("Say where the activity takes place, or tick “online”."))
        municipality = cleaned.get("municipality")
        clean_postal_code(self, cleaned, municipality)  # the country it is held in
        return cleaned

    def split(self) -> tuple[dict, dict]:
        m2m_names = ("languages", "target_groups")
        fields = {k: v for k, v in self.cleaned_data.items() if k not in m2m_names}
        return fields, {k: self.cleaned_data[k] for k in m2m_names}


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ActivitySchedule
        fields = ["weekday", "starts_at", "ends_at", "season_start", "season_end"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "season_start": forms.DateInput(attrs={"type": "date"}),
            "season_end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        # That the slot ends after it starts is the model's rule (core.weekly.WeeklySlot.clean),
        # asked when the ModelForm validates the instance.
        season_start, season_end = cleaned.get("season_start"), cleaned.get("season_end")
        if season_start and season_end and season_end < season_start:
            self.add_error("season_end", _("The season must end after it starts."))
        return cleaned


ScheduleFormSet = forms.inlineformset_factory(
    Activity,
    ActivitySchedule,
    form=ScheduleForm,
    extra=2,
    can_delete=True,
    max_num=14,
    validate_max=True,
)
