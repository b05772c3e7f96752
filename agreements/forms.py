"""Forms for needs and agreements: the main text, its sections and responsibility matrix (formsets
that can be reordered, added to and deleted from), parties, comments, attachments and answers."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    EvaluationItem,
    Kind,
    Need,
    NeedResponse,
    Party,
    Responsible,
    Row,
    Section,
)
from core.forms import PersonalDataCheck
from core.personal_data import special_category_warning
from meetings.selectors import evaluation_meetings_held, series_held_in
from organizations.models import Activity, Organization

MUNICIPALITY = Responsible.MUNICIPALITY.value
SHARED = Responsible.SHARED.value
ORGANIZATION_PREFIX = "org-"
EACH_ORGANIZATION = "each-organization"  # responsible: every party organisation
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_language_display()})"


class TitleOrTemplate:
    """A form that starts an agreement: from a template, or with a title of its own."""

    def clean(self):
        data = super().clean()
        if not data.get("template") and not data.get("title"):
            self.add_error("title", _("Write a title, or choose a template that has one."))
        return data


class AgreementCreateForm(TitleOrTemplate, forms.Form):
    template = TemplateChoiceField(
        label=_("Template"),
        queryset=None,
        required=False,
        empty_label=_("No template: start with an empty agreement"),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Verified organisations active in the municipality."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the template's.")
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)

    def __init__(self, *args, templates, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["organizations"].queryset = organizations


class AgreementForm(forms.ModelForm):
    """The main fields. `revision` is the revision the form was opened at: a stale form is
    refused by the service and nothing is saved."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "framework",
            "purpose",
            "target_group",
            "starts_on",
            "ends_on",
            "review_on",
            "meeting_frequency",
            "meeting_series",
            "contact_sharing",
            "municipal_support",
            "owner",
            "work_lead",
            "activities",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "contact_sharing": forms.Textarea(attrs={"rows": 3}),
            "municipal_support": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "ends_on": DATE,
            "review_on": DATE,
            "activities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = self.instance
        self.fields["framework"].queryset = Agreement.objects.filter(
            municipality=agreement.municipality_id, kind=Kind.FRAMEWORK
        ).exclude(pk=agreement.pk)
        self.fields["meeting_series"].queryset = series_held_in(agreement.municipality_id)
        self.fields["meeting_series"].label_from_instance = _series_label
        self.fields["activities"].queryset = Activity.objects.filter(
            organization__agreement_parties__agreement=agreement
        ).order_by("title")
        self.fields["owner"].queryset = agreement.parties.select_related(
            "organization", "agreement__municipality"
        ).order_by("pk")
        self.fields["owner"].empty_label = _("Not decided yet")
        self.fields["contact_sharing"].help_text = _(
            "Required before the agreement is sent for approval, as is a contact person for "
            "every party."
        )
        if not self.is_bound:
            self.initial["revision"] = agreement.revision

    def clean(self):
        data = super().clean()
        starts, ends, review = data.get("starts_on"), data.get("ends_on"), data.get("review_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The agreement must end after it starts."))
        elif review and ends and review > ends:
            self.add_error("review_on", _("The review date is after the agreement ends."))
        if starts and review and review < starts and "review_on" not in self.errors:
            self.add_error("review_on", _("The review date is before the agreement starts."))
        return data

    def service_fields(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("revision", "activities")
        }


def _series_label(series) -> str:
    first = series.occurrences.order_by("starts_at").first()
    if first is None:
        return series.rrule
    when = timezone.localtime(first.starts_at)
    return f"{first.title} ({date_format(when, 'SHORT_DATETIME_FORMAT')} …)"


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=Section._meta.get_field("body").max_length,
    )


class RowForm(forms.Form):
    """One line of the matrix. The responsible party is one select: the municipality, shared, or
    one of the party organisations (stored as responsible + organization)."""

    task = forms.CharField(label=_("Task"), max_length=300)
    party = forms.ChoiceField(label=_("Responsible"))
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=Row._meta.get_field("description").max_length,
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE, required=False)
    recurrence_note = forms.CharField(label=_("How often"), max_length=200, required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {org.pk: org for org in organizations}
        self.fields["party"].choices = [
            ("", _("Choose who is responsible")),
            (MUNICIPALITY, _("The municipality")),
            (SHARED, _("Shared")),
            (EACH_ORGANIZATION, _("Each organisation that is a party")),
            *[(f"{ORGANIZATION_PREFIX}{org.pk}", str(org)) for org in organizations],
        ]
        self.fields["party"].error_messages["required"] = _(
            "Choose which party organisation is responsible."
        )

    @staticmethod
    def initial_for(row) -> dict:
        if row.responsible == Responsible.ORGANIZATION:
            party = (
                f"{ORGANIZATION_PREFIX}{row.organization_id}"
                if row.organization_id
                else EACH_ORGANIZATION
            )
        else:
            party = row.responsible
        return {
            "task": row.task,
            "party": party,
            "description": row.description,
            "due_on": row.due_on,
            "recurrence_note": row.recurrence_note,
        }

    def service_row(self) -> dict:
        data = self.cleaned_data
        party = data["party"]
        organization = None
        if party.startswith(ORGANIZATION_PREFIX):
            organization = self.organizations[int(party.removeprefix(ORGANIZATION_PREFIX))]
            responsible = Responsible.ORGANIZATION.value
        elif party == EACH_ORGANIZATION:
            responsible = Responsible.ORGANIZATION.value
        else:
            responsible = party
        return {
            "task": data["task"],
            "responsible": responsible,
            "organization": organization,
            "description": data.get("description", ""),
            "due_on": data.get("due_on"),
            "recurrence_note": data.get("recurrence_note", ""),
        }


SectionFormSet = forms.formset_factory(SectionForm, extra=1, can_delete=True, can_order=True)
RowFormSet = forms.formset_factory(RowForm, extra=1, can_delete=True, can_order=True)


def kept_in_order(formset) -> list:
    """The forms that are filled in and not deleted, in their new order (by the number in ORDER;
    those without a number keep their place after the numbered ones)."""
    return formset.ordered_forms


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["representatives", "contact_person", "contributes"]
        widgets = {"contributes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "contact_person": _("Required before the agreement is sent for approval."),
        }


class BasePartyFormSet(forms.BaseModelFormSet):
    """Edits the agreement's existing parties only (a party is added with `party_add`): however
    the form counts and ids are posted, no form stands for a new, unsaved party."""

    def total_form_count(self) -> int:
        return min(super().total_form_count(), len(self.get_queryset()))

    def initial_form_count(self) -> int:
        return min(super().initial_form_count(), len(self.get_queryset()))

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:  # the posted id was missing or not one of the parties
            form.instance = self.get_queryset()[i]
        return form


PartyFormSet = forms.modelformset_factory(Party, form=PartyForm, formset=BasePartyFormSet, extra=0)


class PartyAddForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class CommentForm(PersonalDataCheck, forms.Form):
    """A comment on an agreement is read by every party: no personal data (R67). Text that
    looks like it holds a phone number or an e-mail address is posted only after the author
    ticks `confirm_no_personal_data`, which the page shows only then, as for announcements."""

    checked_fields = ("body",)
    body = forms.CharField(
        label=_("Comment or proposed change"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            "{} {}",
            _("Every party reads the comments: no personal data here, no names of refugees."),
            special_category_warning(),
        ),
    )
    confirm_no_personal_data = forms.BooleanField(
        label=_("I confirm there is no personal data in this comment"),
        required=False,
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG or JPEG, at most 10 MB."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "target_group",
            "help_wanted",
            "quantity",
            "starts_on",
            "ends_on",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DATE,
            "ends_on": DATE,
        }


class NeedResponseForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    note = forms.CharField(
        label=_("How you can contribute"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk  # the only one: chosen


class NeedReplyForm(forms.Form):
    """The coordinator's answer to an organisation's offer."""

    status = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (NeedResponse.Status.ACCEPTED, _("Yes, we accept the offer")),
            (NeedResponse.Status.DECLINED, _("Not needed this time")),
        ],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("A word to the organisation"),
        help_text=_("The organisation's admins and contact persons see this and are told."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedStartForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    template = TemplateChoiceField(
        label=_("Template"),
        queryset=None,
        required=False,
        empty_label=_("No template: start with an empty agreement"),
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)

    def __init__(self, *args, organizations, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
        self.fields["template"].queryset = templates


class OrganizationDraftForm(TitleOrTemplate, forms.Form):
    """An organisation's admin starts a draft with a municipality where it is verified (R22),
    from one of the templates that municipality offers (the same choice its coordinators get) or
    blank. `municipality` is the one chosen: its templates are the choices."""

    organization = forms.ModelChoiceField(label=_("Your organisation"), queryset=None)
    municipality = forms.ModelChoiceField(
        label=_("The municipality"),
        queryset=None,
        help_text=_("Only a municipality where your organisation is verified."),
    )
    template = TemplateChoiceField(
        label=_("Template"),
        queryset=None,
        required=False,
        empty_label=_("No template: start with an empty agreement"),
        help_text=_("The municipality's own templates and the ones that come with Brobygger."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the template's.")
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)

    def __init__(self, *args, organizations, municipalities, municipality, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["municipality"].queryset = municipalities
        self.fields["template"].queryset = templates
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
        if municipality is not None:
            self.fields["municipality"].initial = municipality.pk
            self.fields["municipality"].widget = forms.HiddenInput()


class DraftMunicipalityForm(forms.Form):
    """The first step when the organisation is verified in more than one municipality: which
    one the draft is with (its templates are offered next)."""

    municipality = forms.ModelChoiceField(
        label=_("The municipality"),
        queryset=None,
        help_text=_("Only a municipality where your organisation is verified."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class EndForm(forms.Form):
    """Why the agreement ends (optional): kept in its status history, which every party reads."""

    reason = forms.CharField(
        label=_("Why it ends (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every party reads it in the agreement's history: no personal data."),
    )


def verified_organizations_in(municipality):
    """Organisations this municipality has verified (verified elsewhere is not enough)."""
    return Organization.objects.verified_in(municipality).order_by("name")


class EvaluationMeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{when} · {obj.title}"


class EvaluationForm(forms.Form):
    """What the evaluation found: for each task of the matrix done, partly done or not done,
    with a comment; when and at which meeting; what the parties agreed next. Every party reads
    it: no personal data."""

    held_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    meeting = EvaluationMeetingField(
        label=_("At the evaluation meeting"), queryset=None, required=False
    )
    note = forms.CharField(
        label=_("What the parties agreed next"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Every party reads the evaluation: no personal data here, no names of refugees."
        ),
    )

    def __init__(self, *args, agreement, rows, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["meeting"].queryset = evaluation_meetings_held(
            agreement.municipality_id, now=timezone.now()
        )
        for row in rows:
            self.fields[f"result_{row.pk}"] = forms.ChoiceField(
                label=_("Result"),
                choices=EvaluationItem.Result.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{row.pk}"] = forms.CharField(
                label=_("Comment"), max_length=1000, required=False
            )

    def row_fields(self):
        """Each task with its two fields, for the template."""
        return [(row, self[f"result_{row.pk}"], self[f"comment_{row.pk}"]) for row in self.rows]

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {row.pk: (data[f"result_{row.pk}"], data[f"comment_{row.pk}"]) for row in self.rows}
