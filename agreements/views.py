"""Cooperation needs and agreements: the list, creating, editing (main fields, sections and the
responsibility matrix), the agreement page with approval, versions and their differences, a
printable page, and the needs. Thin: parse, check permission, call a service or selector, render."""

from __future__ import annotations

from itertools import pairwise

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, ListView, TemplateView, View
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from agreements import selectors, services
from agreements.filters import AgreementFilter
from agreements.forms import (
    AgreementCreateForm,
    AgreementForm,
    AttachmentForm,
    CommentForm,
    DraftMunicipalityForm,
    EndForm,
    EvaluationForm,
    NeedForm,
    NeedReplyForm,
    NeedResponseForm,
    NeedStartForm,
    OrganizationDraftForm,
    PartyAddForm,
    PartyFormSet,
    RowForm,
    RowFormSet,
    SectionFormSet,
    kept_in_order,
    verified_organizations_in,
)
from agreements.models import Agreement
from core.forms import apply_errors
from core.pdf import pdf_response
from core.time import zone_for
from core.views import address_of_pk, confirm_then, errors_to_form, errors_to_messages

SNAPSHOT_FIELD_LABELS = {
    "title": Agreement._meta.get_field("title").verbose_name,
    "purpose": Agreement._meta.get_field("purpose").verbose_name,
    "target_group": Agreement._meta.get_field("target_group").verbose_name,
    "starts_on": Agreement._meta.get_field("starts_on").verbose_name,
    "ends_on": Agreement._meta.get_field("ends_on").verbose_name,
    "review_on": Agreement._meta.get_field("review_on").verbose_name,
    "meeting_frequency": Agreement._meta.get_field("meeting_frequency").verbose_name,
    "contact_sharing": Agreement._meta.get_field("contact_sharing").verbose_name,
    "municipal_support": Agreement._meta.get_field("municipal_support").verbose_name,
    "owner": Agreement._meta.get_field("owner").verbose_name,
    "work_lead": Agreement._meta.get_field("work_lead").verbose_name,
}


class AgreementObjectMixin:
    """Loads `self.agreement` (404 when the user cannot see it) before the permission check."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agreement = selectors.access_agreement(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.agreement

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)


# -- list and create ------------------------------------------------------------------------------


class AgreementListView(LoginRequiredMixin, FilterView):
    filterset_class = AgreementFilter
    paginate_by = 20
    template_name = "agreements/agreement_list.html"

    def get_queryset(self):
        visible = selectors.agreements_visible_to(self.request.user)
        return selectors.agreement_list(visible).order_by("-updated_at", "pk")

    def get_filterset_kwargs(self, filterset_class):
        visible = selectors.agreements_visible_to(self.request.user)
        organizations = selectors.party_organizations(visible)
        return {**super().get_filterset_kwargs(filterset_class), "organizations": organizations}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # The rule itself (no superuser bypass): a platform admin coordinates nothing.
            can_create=self.request.user.has_perm(
                "agreements.create_agreement", self.request.tenant.municipality
            ),
            can_draft=bool(selectors.municipalities_to_draft_with(self.request.user)),
            **kwargs,
        )


class AgreementCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "agreements.create_agreement"
    form_class = AgreementCreateForm
    template_name = "agreements/agreement_create.html"

    def get_permission_object(self):
        if not hasattr(self, "municipality"):
            self.municipality = self.request.tenant.municipality
        return self.municipality

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "templates": selectors.templates_for(self.municipality),
            "organizations": verified_organizations_in(self.municipality),
        }

    def form_valid(self, form):
        """Nothing is stored before this submit. "Make it and send for approval" stores it only
        if it can be sent as it is; "Make the draft" goes on to the full form."""
        data = form.cleaned_data
        send = "and_send" in self.request.POST
        create = services.agreement_create_and_send if send else services.agreement_create
        with errors_to_form(form):
            agreement = create(
                by=self.request.user,
                municipality=self.municipality,
                template=data["template"],
                organizations=data["organizations"],
                title=data["title"],
                starts_on=data["starts_on"],
            )
            if send:
                messages.success(self.request, _("The agreement is made and sent for approval."))
                return redirect(agreement)
            messages.success(
                self.request,
                _(
                    "The draft is made. Fill it in, then save it or send it for approval. "
                    "If you do not want it after all, discard it at the bottom of the page."
                ),
            )
            return redirect("agreements:edit", agreement.pk)
        return self.form_invalid(form)


class OrganizationDraftView(LoginRequiredMixin, FormView):
    """An organisation's admin starts a draft agreement with a municipality (R22), blank or from
    one of the templates the municipality offers; the municipality's coordinator takes it over
    later and sends it for approval. Verified in several municipalities, the admin first
    chooses the municipality (`?municipality=`), whose templates are then offered."""

    form_class = OrganizationDraftForm
    template_name = "agreements/organization_draft.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organizations = selectors.drafting_organizations(request.user)
            self.municipalities = selectors.municipalities_to_draft_with(request.user)
            if not self.municipalities:
                raise PermissionDenied
            self.municipality = self._chosen_municipality(request)
        return super().dispatch(request, *args, **kwargs)

    def _chosen_municipality(self, request):
        municipalities = list(self.municipalities)
        if len(municipalities) == 1:
            return municipalities[0]
        chosen = request.POST.get("municipality") or request.GET.get("municipality")
        return next((m for m in municipalities if str(m.pk) == chosen), None)

    def get(self, request, *args, **kwargs):
        if self.municipality is None:
            return self._choose_municipality()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.municipality is None:
            return self._choose_municipality(status=400)
        return super().post(request, *args, **kwargs)

    def _choose_municipality(self, status=200):
        form = DraftMunicipalityForm(municipalities=self.municipalities)
        return render(self.request, self.template_name, {"municipality_form": form}, status=status)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organizations": self.organizations,
            "municipalities": self.municipalities,
            "municipality": self.municipality,
            # The same choice as the coordinators' (their own, and the shipped ones in the
            # country's languages and English).
            "templates": selectors.templates_for(self.municipality),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipality=self.municipality,
            can_change_municipality=len(self.municipalities) > 1,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        with errors_to_form(form):
            agreement = services.agreement_draft_by_organization(
                by=self.request.user,
                organization=data["organization"],
                municipality=data["municipality"],
                title=data["title"],
                starts_on=data["starts_on"],
                template=data["template"],
            )
            messages.success(
                self.request,
                _(
                    "The draft is made. Write it with the municipality in mind; its coordinators "
                    "can read it and take it over when they are ready."
                ),
            )
            return redirect("agreements:edit", agreement.pk)
        return self.form_invalid(form)


# -- edit -----------------------------------------------------------------------------------------


class AgreementEditView(LoginRequiredMixin, AgreementObjectMixin, PermissionRequiredMixin, View):
    """The main fields, sections, the matrix and the parties, saved together."""

    permission_required = "agreements.change_agreement"
    template_name = "agreements/agreement_edit.html"

    def _forms(self, data=None):
        agreement = self.agreement
        parties = agreement.parties.select_related("organization").order_by("pk")
        organizations = [p.organization for p in parties if p.organization_id]
        rows = agreement.rows.all()
        sections = agreement.sections.all()
        return {
            "form": AgreementForm(data, instance=agreement),
            "sections": SectionFormSet(
                data,
                prefix="sections",
                initial=[{"heading": s.heading, "body": s.body} for s in sections],
            ),
            "rows": RowFormSet(
                data,
                prefix="rows",
                initial=[RowForm.initial_for(r) for r in rows],
                form_kwargs={"organizations": organizations},
            ),
            "parties": PartyFormSet(data, prefix="parties", queryset=parties),
            "can_manage": self.request.user.has_perm("agreements.manage_agreement", agreement),
            "party_add_form": PartyAddForm(
                organizations=verified_organizations_in(agreement.municipality).exclude(
                    pk__in=[o.pk for o in organizations]
                )
            ),
        }

    def _render(self, forms, status=200):
        return render(
            self.request,
            self.template_name,
            {"agreement": self.agreement, **forms},
            status=status,
        )

    def _refuse_if_locked(self):
        if not self.agreement.is_editable:
            messages.error(
                self.request,
                _("An active or ended agreement is changed by starting a revision."),
            )
            return redirect(self.agreement)
        return None

    def get(self, request, pk):
        return self._refuse_if_locked() or self._render(self._forms())

    def post(self, request, pk):
        refused = self._refuse_if_locked()
        if refused:
            return refused
        forms = self._forms(request.POST)
        form, sections, rows, parties = (
            forms["form"],
            forms["sections"],
            forms["rows"],
            forms["parties"],
        )
        if not all([form.is_valid(), sections.is_valid(), rows.is_valid(), parties.is_valid()]):
            return self._render(forms)
        try:
            services.agreement_update(
                by=request.user,
                agreement=self.agreement,
                revision=form.cleaned_data["revision"],
                fields=form.service_fields(),
                sections=[
                    {"heading": f.cleaned_data["heading"], "body": f.cleaned_data["body"]}
                    for f in kept_in_order(sections)
                ],
                rows=[f.service_row() for f in kept_in_order(rows)],
                activities=form.cleaned_data["activities"],
                parties=[
                    {
                        "party": party_form.instance,
                        "representatives": party_form.cleaned_data["representatives"],
                        "contact_person": party_form.cleaned_data["contact_person"],
                        "contributes": party_form.cleaned_data["contributes"],
                    }
                    for party_form in parties.forms
                    if party_form.has_changed()
                ],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                form.add_error(None, error)
            elif hasattr(error, "error_dict") and "rows" in error.error_dict:
                rows._non_form_errors = rows.error_class(error.message_dict["rows"])
            else:
                apply_errors(form, error)
            return self._render(forms)
        if "and_send" in request.POST:
            try:
                services.agreement_send_for_approval(by=request.user, agreement=self.agreement)
            except ValidationError as error:
                messages.warning(
                    request,
                    _("The agreement is saved, but not sent for approval: %(reason)s")
                    % {"reason": " ".join(error.messages)},
                )
                return redirect("agreements:edit", self.agreement.pk)
            messages.success(request, _("The agreement is saved and sent for approval."))
            return redirect(self.agreement)
        messages.success(request, _("The agreement is saved."))
        return redirect(self.agreement)


@require_POST
@login_required
def party_add(request, pk):  # agreements:party_add
    agreement = selectors.access_agreement(request.user, pk)
    if not request.user.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied
    form = PartyAddForm(
        request.POST, organizations=verified_organizations_in(agreement.municipality)
    )
    if form.is_valid():
        with errors_to_messages(request):
            services.party_add(
                by=request.user, agreement=agreement, organization=form.cleaned_data["organization"]
            )
            messages.success(
                request,
                _("%(name)s is a party to the agreement.")
                % {"name": form.cleaned_data["organization"]},
            )
    else:
        messages.error(request, _("Choose a verified organisation in the municipality."))
    return redirect("agreements:edit", agreement.pk)


# -- the agreement page ---------------------------------------------------------------------------


def _with_addresses_and_dates(initiatives: list[Agreement]) -> list[Agreement]:
    """Each initiative agreement with what its line on the framework's page shows, made once per
    page: its address (`url`), status (`status_text`) and dates (`starts_text`, `ends_text`,
    "open-ended" if none). A framework agreement of a large municipality lists hundreds, and a
    reverse(), a status label and a date format per row took most of the page's time (#24)."""
    address = address_of_pk("agreements:detail")
    statuses = dict(Agreement.Status.choices)
    written: dict = {None: ""}

    def shown(day) -> str:
        if day not in written:
            written[day] = date_format(day, "DATE_FORMAT")
        return written[day]

    for initiative in initiatives:
        initiative.url = address(initiative.pk)
        initiative.status_text = statuses.get(initiative.status, initiative.status)
        initiative.starts_text = shown(initiative.starts_on)
        initiative.ends_text = shown(initiative.ends_on) if initiative.ends_on else _("open-ended")
    return initiatives


def _detail_context(request, agreement: Agreement, **forms) -> dict:
    user = request.user
    versions = list(agreement.versions.all())
    current = versions[-1] if versions else None
    approvals = list(current.approvals.all()) if current else []
    approved_parties = {a.party_id for a in approvals}
    can_change = user.has_perm("agreements.change_agreement", agreement)
    may_approve = []
    if current and agreement.status == Agreement.Status.APPROVAL:
        may_approve = [
            p
            for p in agreement.parties.all()
            if p.pk not in approved_parties and user.has_perm("agreements.approve_for_party", p)
        ]
    can_comment = user.has_perm("agreements.comment_agreement", agreement)
    evaluations = list(agreement.evaluations.all())
    by_version = selectors.evaluations_by_version(versions, evaluations)
    for version in versions:
        version.evaluated = by_version.get(version.pk, [])
    return {
        "agreement": agreement,
        "versions": versions,
        "version_pairs": list(pairwise(versions)),
        "current_version": current,
        "current_approvals": approvals,
        "may_approve": may_approve,
        "can_change": can_change,
        "can_manage": user.has_perm("agreements.manage_agreement", agreement),
        "can_take_over": user.has_perm("agreements.take_over_draft", agreement),
        "missing_for_approval": services.missing_for_approval(agreement)
        if agreement.status in (Agreement.Status.DRAFT, Agreement.Status.REVISION)
        else [],
        "can_comment": can_comment,
        "can_record_evaluation": agreement.status in services.EVALUATED_STATUSES
        and user.has_perm("agreements.record_evaluation", agreement),
        "can_plan_evaluation": agreement.status
        in (Agreement.Status.ACTIVE, Agreement.Status.REVISION)
        and user.has_perm("meetings.plan_evaluation_meeting", agreement),
        "comment_form": forms.get("comment_form") or (CommentForm() if can_comment else None),
        "attachment_form": forms.get("attachment_form")
        or (AttachmentForm() if can_change else None),
        "is_approved": any(v.approved_at for v in versions),
        "initiatives": _with_addresses_and_dates(selectors.initiatives_of(agreement, user)),
        # The status history (R22), in the municipality's time zone.
        "status_changes": agreement.status_changes.all(),
        "zone": zone_for(agreement.municipality.country),
        "next_meeting": selectors.next_meeting_of(agreement)
        if agreement.meeting_series_id
        else None,
    }


class AgreementDetailView(LoginRequiredMixin, View):
    """The agreement; POST adds a comment (`comment`) or an attachment (`attachment`)."""

    template_name = "agreements/agreement_detail.html"

    def _load(self, request, pk):
        return selectors.access_agreement(request.user, pk, selectors.agreement_page)

    def get(self, request, pk):
        agreement = self._load(request, pk)
        return render(request, self.template_name, _detail_context(request, agreement))

    def post(self, request, pk):
        agreement = self._load(request, pk)
        if "attachment" in request.POST:
            form = AttachmentForm(request.POST, request.FILES)
            key = "attachment_form"
        else:
            form = CommentForm(request.POST)
            key = "comment_form"
        if form.is_valid():
            with errors_to_form(form):
                if key == "attachment_form":
                    services.attachment_add(
                        by=request.user,
                        agreement=agreement,
                        upload=form.cleaned_data["file"],
                        name=form.cleaned_data["name"],
                    )
                    messages.success(request, _("The file is attached."))
                else:
                    services.comment_add(
                        by=request.user, agreement=agreement, body=form.cleaned_data["body"]
                    )
                    messages.success(request, _("Your comment is added."))
                return redirect(agreement)
        return render(
            request, self.template_name, _detail_context(request, agreement, **{key: form})
        )


class EvaluationRecordView(LoginRequiredMixin, View):
    """Record what an evaluation found, task by task (R27, R36): the agreement's coordinators."""

    template_name = "agreements/evaluation_form.html"

    def _load(self, request, pk):
        agreement = selectors.access_agreement(request.user, pk)
        if not request.user.has_perm("agreements.record_evaluation", agreement):
            raise PermissionDenied
        return agreement

    def _render(self, request, agreement, form):
        return render(request, self.template_name, {"agreement": agreement, "form": form})

    def get(self, request, pk):
        agreement = self._load(request, pk)
        rows = list(agreement.rows.select_related("organization"))
        return self._render(request, agreement, EvaluationForm(agreement=agreement, rows=rows))

    def post(self, request, pk):
        agreement = self._load(request, pk)
        rows = list(agreement.rows.select_related("organization"))
        form = EvaluationForm(request.POST, agreement=agreement, rows=rows)
        if form.is_valid():
            with errors_to_form(form):
                services.agreement_evaluation_record(
                    by=request.user,
                    agreement=agreement,
                    held_on=form.cleaned_data["held_on"],
                    meeting=form.cleaned_data["meeting"],
                    note=form.cleaned_data["note"],
                    results=form.results(),
                )
                messages.success(request, _("The evaluation is kept with the agreement."))
                return redirect(agreement)
        return self._render(request, agreement, form)


@require_safe
@login_required
def attachment(request, pk, attachment_id):  # agreements:attachment
    """Attachments are not public files: served to those who may see the agreement."""
    agreement = selectors.access_agreement(request.user, pk)
    attachment = selectors.access_attachment(agreement, attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@require_POST
@login_required
def send_for_approval(request, pk):  # agreements:send
    agreement = selectors.access_agreement(request.user, pk)
    with errors_to_messages(request):
        services.agreement_send_for_approval(by=request.user, agreement=agreement)
        messages.success(request, _("The agreement is sent to the parties for approval."))
    return redirect(agreement)


@require_POST
@login_required
def approve(request, pk):  # agreements:approve
    try:
        number = int(request.POST.get("version_number", ""))
    except ValueError:
        number = 0
    agreement = selectors.access_agreement(request.user, pk)
    with errors_to_messages(request):
        services.agreement_approve(by=request.user, agreement=agreement, version_number=number)
        messages.success(request, _("You approved version %(number)s.") % {"number": number})
    return redirect(agreement)


@login_required
def discard(request, pk):  # agreements:discard
    """Asks first; POST deletes a draft that was never sent for approval (the coordinator's, or
    an organisation's own draft before the coordinator takes it over)."""
    agreement = selectors.access_agreement(request.user, pk)
    if not request.user.has_perm("agreements.change_agreement", agreement):
        raise PermissionDenied
    if agreement.status != Agreement.Status.DRAFT:
        messages.error(
            request, _("Only a draft that was never sent for approval can be discarded.")
        )
        return redirect(agreement)
    with errors_to_messages(request):
        return confirm_then(
            request,
            act=lambda: services.agreement_discard(by=request.user, agreement=agreement),
            done=_("The draft “%(title)s” is discarded.") % {"title": agreement.title},
            next_url="agreements:list",
            template="agreements/agreement_discard.html",
            context={"agreement": agreement},
        )
    return redirect(agreement)


@require_POST
@login_required
def take_over(request, pk):  # agreements:take_over
    agreement = selectors.access_agreement(request.user, pk)
    with errors_to_messages(request):
        services.agreement_take_over(by=request.user, agreement=agreement)
        messages.success(
            request,
            _(
                "You have taken over the draft: edit it and send it for approval. "
                "The organisation is told."
            ),
        )
    return redirect(agreement)


@require_POST
@login_required
def start_revision(request, pk):  # agreements:revise
    agreement = selectors.access_agreement(request.user, pk)
    with errors_to_messages(request):
        services.agreement_start_revision(by=request.user, agreement=agreement)
        messages.success(
            request,
            _("The revision is started. The approved version stays in force until a new one is."),
        )
    return redirect(agreement)


@require_POST
@login_required
def set_public(request, pk):  # agreements:public
    public = request.POST.get("public") == "1"
    agreement = selectors.access_agreement(request.user, pk)
    with errors_to_messages(request):
        services.agreement_set_public(by=request.user, agreement=agreement, public=public)
        messages.success(
            request,
            _("The agreement is shown on the organisations' pages.")
            if public
            else _("The agreement is no longer public."),
        )
    return redirect(agreement)


@require_POST
@login_required
def save_as_template(request, pk):  # agreements:save_as_template
    name = request.POST.get("name", "")
    agreement = selectors.access_agreement(request.user, pk)
    with errors_to_messages(request):
        services.template_from_agreement(by=request.user, agreement=agreement, name=name)
        messages.success(request, _("The text is saved as a template for your municipality."))
    return redirect(agreement)


class TemplateListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The municipality's template library (the ones that come with Brobygger are listed too)."""

    permission_required = "agreements.create_agreement"
    template_name = "agreements/template_list.html"

    def get_permission_object(self):
        self.municipality = self.request.tenant.municipality
        return self.municipality

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["own"] = selectors.own_templates_of(self.municipality)
        context["shipped"] = selectors.templates_for(self.municipality).filter(
            municipality__isnull=True
        )
        return context


@require_POST
@login_required
def template_delete(request, template_id):  # agreements:template_delete
    municipality = request.tenant.municipality
    if not request.user.has_perm("agreements.create_agreement", municipality):
        raise PermissionDenied
    template = selectors.access_own_template(municipality, template_id)
    services.template_delete(by=request.user, template=template)
    messages.success(request, _("The template is removed. Agreements made from it are unchanged."))
    return redirect("agreements:templates")


class AgreementEndView(LoginRequiredMixin, AgreementObjectMixin, PermissionRequiredMixin, View):
    """Asks first; POST ends the agreement."""

    permission_required = "agreements.change_agreement"

    template_name = "agreements/agreement_end.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"agreement": self.agreement, "form": EndForm()})

    def post(self, request, pk):
        form = EndForm(request.POST)
        if not form.is_valid():
            context = {"agreement": self.agreement, "form": form}
            return render(request, self.template_name, context, status=400)
        with errors_to_messages(request):
            services.agreement_end(
                by=request.user, agreement=self.agreement, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The agreement has ended."))
        return redirect(self.agreement)


# -- versions -------------------------------------------------------------------------------------


class VersionView(LoginRequiredMixin, AgreementObjectMixin, TemplateView):
    template_name = "agreements/version_detail.html"

    def get_context_data(self, **kwargs):
        version = selectors.access_version(self.agreement, kwargs["number"])
        return super().get_context_data(
            version=version,
            snapshot=version.snapshot,
            approvals=version.approvals.all(),
            evaluations=selectors.evaluations_of_version(self.agreement, version),
            **kwargs,
        )


class VersionPdfView(LoginRequiredMixin, AgreementObjectMixin, View):
    """A version's text with its approval record (who approved for which party, when), as a
    PDF to keep: the same access as the version's page."""

    def get(self, request, *args, **kwargs):
        version = selectors.access_version(self.agreement, kwargs["number"])
        approvals = version.approvals.select_related("party__organization").order_by("approved_at")
        return pdf_response(
            "pdf/agreement_version.html",
            {
                "agreement": self.agreement,
                "version": version,
                "snapshot": version.snapshot,
                "approvals": approvals,
                "evaluations": selectors.evaluations_of_version(self.agreement, version),
            },
            filename=f"agreement-{self.agreement.pk}-version-{version.number}.pdf",
            request=request,
            brand=self.agreement.municipality,
        )


class DiffView(LoginRequiredMixin, AgreementObjectMixin, TemplateView):
    template_name = "agreements/version_diff.html"

    def get_context_data(self, **kwargs):
        versions = {v.number: v for v in self.agreement.versions.all()}
        try:
            a = int(self.request.GET.get("a", ""))
            b = int(self.request.GET.get("b", ""))
        except ValueError:
            raise Http404 from None
        if a not in versions or b not in versions:
            raise Http404
        diff = selectors.version_diff(versions[a].snapshot, versions[b].snapshot)
        for change in diff["fields"]:
            change["label"] = SNAPSHOT_FIELD_LABELS.get(change["field"], change["field"])
        return super().get_context_data(old=versions[a], new=versions[b], diff=diff, **kwargs)


class PrintView(LoginRequiredMixin, AgreementObjectMixin, TemplateView):
    """The current working text, or version `?version=N`, with its approval record."""

    template_name = "agreements/agreement_print.html"

    def get_context_data(self, **kwargs):
        number = self.request.GET.get("version")
        version = None
        if number:
            if not number.isdigit():
                raise Http404
            version = selectors.access_version(self.agreement, int(number))
        else:
            version = self.agreement.versions.filter(approved_at__isnull=False).last()
        approvals = (
            version.approvals.select_related("party__organization").order_by("approved_at")
            if version
            else []
        )
        return super().get_context_data(
            version=version,
            snapshot=version.snapshot if version else services.snapshot(self.agreement),
            approvals=approvals,
            status_changes=self.agreement.status_changes.all(),
            zone=zone_for(self.agreement.municipality.country),
            **kwargs,
        )


# -- needs ----------------------------------------------------------------------------------------


class NeedListView(ListView):
    paginate_by = 20
    template_name = "agreements/need_list.html"
    context_object_name = "needs"

    def get_queryset(self):
        return selectors.published_needs().order_by("-created_at", "pk")


def _answering_organizations(user):
    """The verified organisations the user answers for (as admin or contact person)."""
    return selectors.answering_organizations(user)


class NeedDetailView(View):
    template_name = "agreements/need_detail.html"

    def _context(self, request, need, **forms) -> dict:
        user = request.user
        context = {"need": need, "can_manage": False}
        organizations = _answering_organizations(user) if user.is_authenticated else []
        if organizations:
            context["response_form"] = forms.get("response_form") or NeedResponseForm(
                organizations=organizations
            )
        if organizations:
            own = {organization.pk for organization in organizations}
            context["own_responses"] = [
                response
                for response in need.responses.select_related("organization")
                if response.organization_id in own
            ]
        if user.has_perm("agreements.manage_needs", need.municipality):
            responses = list(need.responses.select_related("organization").order_by("created_at"))
            reply_forms = forms.get("reply_forms", {})
            for response in responses:
                response.reply_form = reply_forms.get(response.pk) or NeedReplyForm(
                    prefix=f"reply-{response.pk}"
                )
            context.update(
                can_manage=True,
                responses=responses,
                start_form=forms.get("start_form")
                or NeedStartForm(
                    organizations=selectors.responding_organizations(need),
                    templates=selectors.templates_for(need.municipality),
                ),
            )
        return context

    def _need(self, request, pk):
        return selectors.access_need(request.user, pk)

    def get(self, request, pk):
        need = self._need(request, pk)
        return render(request, self.template_name, self._context(request, need))

    def post(self, request, pk):
        if not request.user.is_authenticated:
            raise PermissionDenied
        need = self._need(request, pk)
        if "start" in request.POST:
            return self._start(request, need)
        if "reply" in request.POST:
            return self._reply(request, need)
        organizations = _answering_organizations(request.user)
        if not organizations:
            raise PermissionDenied
        form = NeedResponseForm(request.POST, organizations=organizations)
        if form.is_valid():
            with errors_to_form(form):
                services.need_respond(
                    by=request.user,
                    need=need,
                    organization=form.cleaned_data["organization"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("Thank you. The municipality can see your answer."))
                return redirect(need)
        return render(request, self.template_name, self._context(request, need, response_form=form))

    def _reply(self, request, need):
        try:
            response_pk = int(request.POST["reply"])
        except ValueError:
            raise Http404 from None
        response = selectors.access_need_response(request.user, need, response_pk)
        form = NeedReplyForm(request.POST, prefix=f"reply-{response.pk}")
        if form.is_valid():
            with errors_to_form(form):
                services.need_response_reply(
                    by=request.user,
                    response=response,
                    status=form.cleaned_data["status"],
                    reply=form.cleaned_data["reply"],
                )
                messages.success(
                    request,
                    _("%(organization)s is told of your answer.")
                    % {"organization": response.organization.name},
                )
                return redirect(need)
        context = self._context(request, need, reply_forms={response.pk: form})
        return render(request, self.template_name, context, status=400)

    def _start(self, request, need):
        if not request.user.has_perm("agreements.create_agreement", need.municipality):
            raise PermissionDenied
        form = NeedStartForm(
            request.POST,
            organizations=selectors.responding_organizations(need),
            templates=selectors.templates_for(need.municipality),
        )
        if form.is_valid():
            with errors_to_form(form):
                agreement = services.agreement_create(
                    by=request.user,
                    municipality=need.municipality,
                    template=form.cleaned_data["template"],
                    organizations=form.cleaned_data["organizations"],
                    title=need.title,
                    starts_on=form.cleaned_data["starts_on"],
                    need=need,
                )
                messages.success(request, _("The draft is made. Fill it in and save it."))
                return redirect("agreements:edit", agreement.pk)
        return render(request, self.template_name, self._context(request, need, start_form=form))


@login_required
def need_close(request, pk):  # agreements:need_close
    """The need is met or dropped: off the board, after asking; the organisations that answered
    are told."""
    need = selectors.access_need(request.user, pk, perm="agreements.manage_needs")
    if request.method == "POST" and need.closed_at is None:
        services.need_close(by=request.user, need=need)
        messages.success(
            request, _("The need is closed. The organisations that answered are told.")
        )
        return redirect(need)
    return render(request, "agreements/need_close.html", {"need": need})


class NeedFormView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """A new need (in the coordinator's municipality) or an edit of one."""

    permission_required = "agreements.manage_needs"
    form_class = NeedForm
    template_name = "agreements/need_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.need = None
        if request.user.is_authenticated and "pk" in kwargs:
            self.need = selectors.access_need(
                request.user, kwargs["pk"], perm="agreements.manage_needs"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        if self.need:
            return self.need.municipality
        return self.request.tenant.municipality

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.need}

    def get_context_data(self, **kwargs):
        return super().get_context_data(need=self.need, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        with errors_to_form(form):
            need = services.need_save(
                by=self.request.user,
                need=self.need,
                municipality=self.get_permission_object(),
                fields=fields,
            )
            messages.success(self.request, _("The need is saved."))
            return redirect(need)
        return self.form_invalid(form)
