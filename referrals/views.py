"""Persons, consent, referrals, routing, information sheets and the access log.

Thin: parse, scope with a selector (out of scope: 404), check the permission, call a service or
selector, render. Every page that shows personal fields writes an access log entry first and is
sent with `Cache-Control: no-store`. An organisation's contact person must have two-factor
authentication before any referral is shown to them.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import Municipality
from core.forms import apply_errors
from core.pdf import pdf_response
from core.steps import FormSteps
from core.views import errors_to_form
from organizations.choices import Language
from referrals import access_request, selectors, services
from referrals.choices import SharedField, SheetLanguage
from referrals.filters import AccessLogFilter, PersonFilter, ReferralFilter
from referrals.forms import (
    CONSENT_STEPS,
    ConsentForm,
    ConsentRenewForm,
    ConsentWithdrawForm,
    ContactResultForm,
    DeclineForm,
    InformationSheetApproveForm,
    InformationSheetForm,
    OfferLeafletApproveForm,
    OfferPresentationForm,
    PersonForm,
    PrivacyNoticeForm,
    ReferralForm,
    RetentionPolicyForm,
    RouteForm,
    StaffFeedbackForm,
)
from referrals.leaflet import ENGLISH as ENGLISH_LEAFLET
from referrals.models import AccessLogEntry, Person, Referral

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
Reason = AccessLogEntry.Reason


# -- helpers ------------------------------------------------------------------------------------


def _log(request, person: Person, reason: str, referral: Referral | None = None) -> None:
    services.access_log_record(
        user=request.user, person=person, reason=reason, path=request.path, referral=referral
    )


def _label_language(language: str) -> str:
    """The language for a printed form's labels: the sheet's if the portal speaks it, else
    English (the sheet's own text stays in its language)."""
    return language if language in dict(settings.LANGUAGES) else "en"


# -- persons ------------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class PersonListView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    """The caseworker's persons: names, consent and referral state. No phone or e-mail."""

    permission_required = "referrals.register_person"
    filterset_class = PersonFilter
    paginate_by = 25
    template_name = "referrals/person_list.html"

    def get_queryset(self):
        return selectors.persons_for_list(self.request.user).order_by(
            "family_name", "given_name", "pk"
        )

    def get_context_data(self, **kwargs):
        """The names on this page are a display of personal data: one access log entry per person
        shown, in one query (a search is logged as a search, never with what was searched)."""
        context = super().get_context_data(**kwargs)
        searched = bool((self.request.GET.get("q") or "").strip())
        services.access_log_record_many(
            user=self.request.user,
            persons=[p for p in context["page_obj"].object_list if not p.is_erased],
            reason=Reason.PERSON_SEARCH if searched else Reason.PERSON_LIST,
            path=self.request.path,
        )
        return context


@never_cache
@GET_OR_POST
@login_required
def person_create(request):  # referrals:person_new
    municipality = request.tenant.municipality  # the active one (accounts.tenancy)
    if not request.user.has_perm("referrals.add_person", municipality):
        raise PermissionDenied
    form = PersonForm(request.POST or None, country=municipality.country)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            person = services.person_register(
                by=request.user, municipality=municipality, **form.service_fields()
            )
            messages.success(request, _("The person is registered. Now record the consent."))
            return redirect("referrals:consent_new", person.pk)
    return render(request, "referrals/person_form.html", {"form": form, "person": None})


@never_cache
@GET_OR_POST
@login_required
def person_edit(request, pk):  # referrals:person_edit
    person = selectors.access_live_person(request.user, pk)
    form = PersonForm(request.POST or None, instance=person, country=person.municipality.country)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.person_update(person=person, by=request.user, **form.service_fields())
            messages.success(request, _("The person's details are saved."))
            return redirect("referrals:person", person.pk)
    _log(request, person, Reason.PERSON_PAGE)
    return render(request, "referrals/person_form.html", {"form": form, "person": person})


@never_cache
@require_safe
@login_required
def person_detail(request, pk):  # referrals:person
    person = selectors.access_person(request.user, pk)
    _log(request, person, Reason.PERSON_PAGE)
    today_valid = {c.pk for c in selectors.valid_consents_of(person)}
    consents = list(selectors.consents_of(person))
    for consent in consents:
        consent.valid_now = consent.pk in today_valid
    return render(
        request,
        "referrals/person_detail.html",
        {
            "person": person,
            "consents": consents,
            "has_valid_consent": bool(today_valid),
            "referrals": selectors.referrals_of(person),
            "offers": selectors.offer_presentations_of(person),
            "events": selectors.person_events(person)[:50],
            "can_manage": request.user.has_perm("referrals.manage_person", person),
        },
    )


PERSON_EXPORT_LABELS = access_request.LABELS["person"]
CONSENT_EXPORT_LABELS = access_request.LABELS["consent"]
REFERRAL_EXPORT_LABELS = access_request.LABELS["referral"]
OFFER_EXPORT_LABELS = access_request.LABELS["offer"]
ACCESS_ROLE_LABELS = access_request.LABELS["role"]


def _readable(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _labelled(row: dict, labels: dict, skip=()) -> list[tuple[str, str]]:
    return [
        (labels.get(key, key), _readable(value)) for key, value in row.items() if key not in skip
    ]


@never_cache
@require_safe
@login_required
def person_export(request, pk):  # referrals:person_export
    person = selectors.access_person(request.user, pk, "referrals.manage_person")
    data = services.person_export(person=person, by=request.user, path=request.path)
    return render(
        request,
        "referrals/person_export.html",
        {
            "person": person,
            "person_rows": _labelled(data["person"], PERSON_EXPORT_LABELS),
            "consents": [_labelled(c, CONSENT_EXPORT_LABELS) for c in data["consents"]],
            "referrals": [
                {
                    "rows": _labelled(r, REFERRAL_EXPORT_LABELS, skip=("history",)),
                    "history": r["history"],
                }
                for r in data["referrals"]
            ],
            "offers": [_labelled(o, OFFER_EXPORT_LABELS) for o in data["offers"]],
            "access_log": [
                {
                    **entry,
                    "role": ACCESS_ROLE_LABELS.get(entry["role"], ""),
                    "why": dict(Reason.choices).get(entry["why"], entry["why"]),
                }
                for entry in data["access_log"]
            ],
            "organizations_that_saw": data["organizations_that_saw_the_data"],
            "pdf_languages": [
                (code, Language(code).label) for code in selectors.export_languages(person)
            ],
        },
    )


@never_cache
@require_safe
@login_required
def person_export_pdf(request, pk):  # referrals:person_export_pdf
    """The export as a document for the person (GDPR art. 15): in their language where the
    municipality has an approved information sheet in it, else in the municipality's; guarded
    and logged like the page and the JSON."""
    person = selectors.access_person(request.user, pk, "referrals.manage_person")
    languages = selectors.export_languages(person)
    language = request.GET.get("language") or languages[0]
    if language not in languages:
        raise Http404
    data = services.person_export(person=person, by=request.user, path=request.path)
    return pdf_response(
        "pdf/person_export.html",
        access_request.document(
            data, language=language, municipality_language=person.municipality.language
        ),
        filename=f"person-{person.pk}-{language}.pdf",
        request=request,
        brand=person.municipality,
    )


@never_cache
@require_safe
@login_required
def person_export_json(request, pk):  # referrals:person_export_json
    person = selectors.access_person(request.user, pk, "referrals.manage_person")
    data = services.person_export(person=person, by=request.user, path=request.path)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@never_cache
@GET_OR_POST
@login_required
def person_erase(request, pk):  # referrals:person_erase
    person = selectors.access_live_person(request.user, pk)
    if request.method == "POST":
        services.person_erase(person=person, by=request.user)
        messages.success(
            request,
            _("Everything personal about person #%(pk)s is erased. The statistics remain.")
            % {"pk": person.pk},
        )
        return redirect("referrals:persons")
    _log(request, person, Reason.PERSON_PAGE)
    return render(request, "referrals/person_erase.html", {"person": person})


# -- consent ------------------------------------------------------------------------------------


@never_cache
@GET_OR_POST
@login_required
def consent_create(request, pk):  # referrals:consent_new
    person = selectors.access_live_person(request.user, pk)
    form = ConsentForm(request.POST or None, municipality=person.municipality)
    steps = FormSteps(form, CONSENT_STEPS, request.POST)
    if request.method == "POST" and steps.advance(request.POST):
        with errors_to_form(form):
            consent = services.consent_record(
                person=person, by=request.user, **form.service_fields()
            )
            messages.success(
                request, _("The consent is recorded. Print it for the person if they want a copy.")
            )
            return redirect(consent)
        steps.show_errors()
    _log(request, person, Reason.PERSON_PAGE)
    return render(
        request, "referrals/consent_form.html", {"form": form, "person": person, "steps": steps}
    )


@never_cache
@require_safe
@login_required
def consent_detail(request, pk):  # referrals:consent
    consent = selectors.access_consent(request.user, pk)
    _log(request, consent.person, Reason.PERSON_PAGE)
    return render(
        request,
        "referrals/consent_detail.html",
        {
            "consent": consent,
            "person": consent.person,
            "can_manage": request.user.has_perm("referrals.manage_person", consent.person)
            and not consent.person.is_erased,
            "referrals": consent.referrals.select_related("organization").order_by("-created_at"),
        },
    )


@never_cache
@require_safe
@login_required
def consent_print(request, pk):  # referrals:consent_print
    consent = selectors.access_consent(request.user, pk)
    if consent.person.is_erased:
        raise Http404
    _log(request, consent.person, Reason.CONSENT_FORM)
    return render(
        request,
        "referrals/consent_print.html",
        {
            "consent": consent,
            "person": consent.person,
            "sheet": consent.information_sheet,
            "label_language": _label_language(consent.information_sheet.language),
            "shared_fields": _shared_fields(consent),
        },
    )


def _shared_fields(consent=None) -> list[tuple[str, bool]]:
    """Every detail a consent can cover, ticked where this one does (☑/☐ on paper)."""
    return [
        (label, consent is not None and code in consent.shared_fields)
        for code, label in SharedField.choices
    ]


@never_cache
@require_safe
@login_required
def consent_pdf(request, pk):  # referrals:consent_pdf
    """The person's consent form as a PDF, in the sheet's language: shows the person's name, so
    it is logged like the print page."""
    consent = selectors.access_consent(request.user, pk)
    if consent.person.is_erased:
        raise Http404
    _log(request, consent.person, Reason.CONSENT_FORM)
    sheet = consent.information_sheet
    return pdf_response(
        "pdf/consent_form.html",
        {
            "consent": consent,
            "person": consent.person,
            "sheet": sheet,
            "label_language": _label_language(sheet.language),
            "shared_fields": _shared_fields(consent),
        },
        filename=f"consent-{consent.pk}-{sheet.language}.pdf",
        request=request,
        brand=consent.person.municipality,
    )


@never_cache
@GET_OR_POST
@login_required
def consent_renew(request, pk):  # referrals:consent_renew
    consent = selectors.access_consent(request.user, pk)
    if not request.user.has_perm("referrals.manage_person", consent.person):
        raise Http404
    form = ConsentRenewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.consent_renew(
                consent=consent, by=request.user, valid_until=form.cleaned_data["valid_until"]
            )
            messages.success(request, _("The consent is renewed."))
            return redirect(consent)
    return render(request, "referrals/consent_renew.html", {"form": form, "consent": consent})


@never_cache
@GET_OR_POST
@login_required
def consent_withdraw(request, pk):  # referrals:consent_withdraw
    consent = selectors.access_consent(request.user, pk)
    if not request.user.has_perm("referrals.manage_person", consent.person):
        raise Http404
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.consent_withdraw(
                consent=consent, by=request.user, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
            messages.success(
                request,
                _("The consent is withdrawn. Every open referral under it is stopped."),
            )
            return redirect(consent)
    open_referrals = consent.referrals.filter(status__in=Referral.OPEN).select_related(
        "organization"
    )
    return render(
        request,
        "referrals/consent_withdraw.html",
        {"form": form, "consent": consent, "open_referrals": open_referrals},
    )


# -- referrals: creating and the lists ----------------------------------------------------------


@never_cache
@GET_OR_POST
@login_required
def referral_create(request, pk):  # referrals:referral_new
    person = selectors.access_live_person(request.user, pk)
    consents = list(selectors.valid_consents_of(person))
    if not consents:
        messages.warning(
            request,
            _("The person has no valid consent. Record a consent before making a referral."),
        )
        return redirect("referrals:consent_new", person.pk)
    form = ReferralForm(request.POST or None, consents=consents, municipality=person.municipality)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            referral = services.referral_create(
                person=person, by=request.user, **form.service_fields()
            )
            messages.success(request, _("The referral is sent."))
            return redirect(referral)
    _log(request, person, Reason.PERSON_PAGE)
    return render(request, "referrals/referral_form.html", {"form": form, "person": person})


@method_decorator(never_cache, name="dispatch")
class ReferralListView(LoginRequiredMixin, FilterView):
    """Caseworkers: their municipality's referrals with the person's name. Coordinators: the
    statuses only. Contact persons: the referrals addressed to their organisation, no names."""

    filterset_class = ReferralFilter
    paginate_by = 25
    template_name = "referrals/referral_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "referrals.view_referral_list"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.referrals_for_list(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        visible = selectors.referrals_visible_to(self.request.user)
        organizations = selectors.referred_organizations(visible)
        return {**super().get_filterset_kwargs(filterset_class), "organizations": organizations}

    def get_context_data(self, **kwargs):
        """Caseworkers see the person's name on the referrals of their municipalities: one access
        log entry per such referral shown, in one query. Nobody else sees a name here."""
        user = self.request.user
        context = super().get_context_data(
            is_caseworker=user.has_perm("referrals.register_person"),
            can_route=user.has_perm("referrals.view_routing"),
            **kwargs,
        )
        for referral in context["page_obj"].object_list:
            referral.shows_person = user.has_perm("referrals.view_referral_person", referral)
        services.access_log_record_many(
            user=user,
            referrals=[
                referral
                for referral in context["page_obj"].object_list
                if referral.shows_person and not referral.person.is_erased
            ],
            reason=Reason.REFERRAL_LIST,
            path=self.request.path,
        )
        return context


# -- one referral -------------------------------------------------------------------------------


def _referral_page(
    request, referral: Referral, *, decline_form=None, contact_form=None, status: int = 200
):
    """The referral as far as this user may see it; an access log entry when personal fields
    are shown."""
    user = request.user
    is_caseworker = user.has_perm("referrals.view_referral_person", referral)
    is_contact = user.has_perm("referrals.receive_referral", referral)
    show_summary = (is_caseworker or is_contact) and user.has_perm(
        "referrals.view_referral_summary", referral
    )
    show_contact = is_contact and user.has_perm("referrals.view_referral_contact", referral)
    if show_contact:
        _log(request, referral.person, Reason.REFERRAL_CONTACT, referral)
    elif show_summary:
        _log(request, referral.person, Reason.REFERRAL_SUMMARY, referral)
    allowed = set(SharedField.values) if is_caseworker else set(referral.consent.shared_fields)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "person": referral.person if (show_summary or show_contact) else None,
            "show_summary": show_summary,
            "show_contact": show_contact,
            "is_caseworker": is_caseworker,
            "allowed": allowed,
            "events": selectors.referral_events(referral),
            "can_answer": user.has_perm("referrals.answer_referral", referral),
            "can_record_contact": user.has_perm("referrals.record_contact", referral),
            "can_close": user.has_perm("referrals.close_referral", referral)
            and referral.can_move_to(Referral.Status.CLOSED),
            "can_route": user.has_perm("referrals.route_referral", referral),
            "decline_form": decline_form or DeclineForm(),
            "contact_form": contact_form or ContactResultForm(),
        },
        status=status,
    )


@never_cache
@require_safe
@login_required
def referral_detail(request, pk):  # referrals:referral
    return _referral_page(request, selectors.access_referral(request.user, pk))


def _is_contact_person(user, referral: Referral) -> bool:
    """One of the contact persons who answer for the referral's organisation."""
    return user.has_perm("referrals.receive_referral", referral)


def _is_caseworker(user, referral: Referral) -> bool:
    """The caseworker who follows the referral (and closes it)."""
    return user.has_perm("referrals.view_referral_person", referral)


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else ""


def what_happened(referral: Referral) -> str:
    """Why an answer or a result can no longer be given: what the referral's state is, and since
    when. Statuses and dates only, never anything about the person."""
    S = Referral.Status
    status = referral.status
    if status == S.WITHDRAWN:
        return _(
            "The caseworker stopped this referral on %(date)s: the person withdrew the consent. "
            "There is nothing more to do."
        ) % {"date": _day(referral.ended_at)}
    if status == S.EXPIRED:
        return _(
            "The person's consent ran out, so this referral ended on %(date)s. There is nothing "
            "more to do."
        ) % {"date": _day(referral.ended_at)}
    if status == S.DECLINED:
        return _("This referral was declined on %(date)s. There is nothing more to do.") % {
            "date": _day(referral.answered_at or referral.ended_at)
        }
    if status in (S.CONTACT_MADE, S.UNREACHABLE):
        return _(
            "How the contact went was already recorded on %(date)s. There is nothing more to do."
        ) % {"date": _day(referral.contact_at or referral.ended_at)}
    if status == S.CLOSED:
        return _(
            "The caseworker closed this referral on %(date)s. There is nothing more to do."
        ) % {"date": _day(referral.ended_at)}
    if not referral.consent.is_valid():  # still open: the nightly expiry has not run yet
        return _(
            "The person's consent no longer covers this referral. There is nothing more to do."
        )
    if status == S.ACCEPTED:
        return _(
            "This referral was already accepted on %(date)s. Contact the person, then record "
            "how it went."
        ) % {"date": _day(referral.accepted_at)}
    return _("This referral has not been accepted yet. Accept it first, then record how it went.")


def _moved_on(request, referral: Referral):
    """Instead of a bare 403: the referral has moved on (or not got there yet) since the page
    with the button was loaded. Say what happened, on the referral's page."""
    referral.refresh_from_db()
    referral.consent.refresh_from_db()
    messages.warning(request, what_happened(referral))
    return redirect(referral)


def _action(request, pk, service, success: str, *, party, **kwargs):
    """Call the service; a party to the action (`party(user, referral)`) who finds the referral
    moved on is told what happened. Anyone else keeps the 403."""
    referral = selectors.access_referral(request.user, pk)
    try:
        service(referral=referral, by=request.user, **kwargs)
    except PermissionDenied:
        if not party(request.user, referral):
            raise
        return _moved_on(request, referral)
    except ValidationError as error:
        referral.refresh_from_db()
        if not referral.is_open and party(request.user, referral):
            return _moved_on(request, referral)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(referral)


@require_POST
@login_required
def referral_accept(request, pk):  # referrals:accept
    return _action(
        request,
        pk,
        services.referral_accept,
        _("You accepted the referral. Contact the person soon, then record how it went."),
        party=_is_contact_person,
    )


@never_cache
@require_POST
@login_required
def referral_decline(request, pk):  # referrals:decline
    referral = selectors.access_referral(request.user, pk)
    if not request.user.has_perm("referrals.answer_referral", referral):
        if _is_contact_person(request.user, referral):
            return _moved_on(request, referral)
        raise PermissionDenied
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.referral_decline(referral=referral, by=request.user, **form.service_fields())
        except PermissionDenied:  # answered or stopped a moment ago
            return _moved_on(request, referral)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("You declined the referral. The caseworker is told."))
            return redirect(referral)
    referral.refresh_from_db()
    return _referral_page(request, referral, decline_form=form, status=400)


def _record_contact(request, pk, *, reached: bool, success: str):
    """Contact made or not reached: with how the details reached the volunteer and the
    confirmation that copies outside Brobygger are deleted (errors next to the boxes)."""
    referral = selectors.access_referral(request.user, pk)
    if not request.user.has_perm("referrals.record_contact", referral):
        if _is_contact_person(request.user, referral):
            return _moved_on(request, referral)
        raise PermissionDenied
    form = ContactResultForm(request.POST)
    if form.is_valid():
        try:
            services.referral_record_contact(
                referral=referral,
                by=request.user,
                reached=reached,
                copies_deleted=form.cleaned_data["copies_deleted"],
                handover=form.cleaned_data["handover"],
            )
        except PermissionDenied:  # stopped a moment ago
            return _moved_on(request, referral)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(referral)
    referral.refresh_from_db()
    return _referral_page(request, referral, contact_form=form, status=400)


@never_cache
@require_POST
@login_required
def referral_contact_made(request, pk):  # referrals:contact
    return _record_contact(
        request,
        pk,
        reached=True,
        success=_("Contact made. Thank you! The person's details are no longer shown to you."),
    )


@never_cache
@require_POST
@login_required
def referral_unreachable(request, pk):  # referrals:unreachable
    return _record_contact(
        request,
        pk,
        reached=False,
        success=_("Recorded that you could not reach the person. The caseworker is told."),
    )


@require_POST
@login_required
def referral_close(request, pk):  # referrals:close
    return _action(
        request, pk, services.referral_close, _("The referral is closed."), party=_is_caseworker
    )


# -- routing by the coordinator -----------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class RoutingListView(LoginRequiredMixin, ListView):
    """Referrals waiting for the coordinator to choose an organisation, with the summary (no
    name or contact details). One access log entry per referral shown, written in one query."""

    paginate_by = 25
    template_name = "referrals/routing_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("referrals.view_routing"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            selectors.referrals_to_route(self.request.user)
            .select_related("person")
            .order_by("created_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = []
        for referral in context["page_obj"].object_list:
            referral.show_summary = self.request.user.has_perm(
                "referrals.view_referral_summary", referral
            )
            if referral.show_summary:
                shown.append(referral)
        services.access_log_record_many(
            user=self.request.user, referrals=shown, reason=Reason.ROUTING, path=self.request.path
        )
        return context


@never_cache
@GET_OR_POST
@login_required
def referral_route(request, pk):  # referrals:route
    referral = selectors.access_referral(request.user, pk, "referrals.follow_routing")
    if not request.user.has_perm("referrals.route_referral", referral):
        messages.info(request, _("This referral is not waiting for routing."))
        return redirect(referral)
    form = RouteForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.referral_route(
                referral=referral,
                by=request.user,
                organization=form.cleaned_data["organization"],
                activity=form.cleaned_data["activity"],
            )
            messages.success(
                request,
                _("The referral is sent to %(organization)s.")
                % {"organization": form.cleaned_data["organization"].name},
            )
            return redirect("referrals:routing")
    _log(request, referral.person, Reason.ROUTING, referral)
    return render(
        request,
        "referrals/referral_route.html",
        {"referral": referral, "person": referral.person, "form": form},
    )


# -- information sheets -------------------------------------------------------------------------


def _sheet_municipality(request, perm: str) -> Municipality:
    """The active municipality (accounts.tenancy) if the rule lets the user in; 403 otherwise."""
    municipality = request.tenant.municipality
    if municipality is None or not request.user.has_perm(perm, municipality):
        raise PermissionDenied
    return municipality


def _language(code: str) -> str:
    if code not in SheetLanguage.values:
        raise Http404
    return code


@require_safe
@login_required
def sheet_list(request):  # referrals:sheets
    municipality = _sheet_municipality(request, "referrals.view_information_sheets")
    return render(
        request,
        "referrals/sheet_list.html",
        {
            "municipality": municipality,
            "sheets": selectors.information_sheets_current(municipality),
            "can_manage": request.user.has_perm(
                "referrals.manage_information_sheets", municipality
            ),
            "can_manage_privacy": request.user.has_perm(
                "referrals.manage_privacy_notice", municipality
            ),
            "leaflets": selectors.offer_leaflets_of(municipality),
        },
    )


@GET_OR_POST
@login_required
def leaflet_approve(request, language):  # referrals:leaflet_approve
    """The shipped translation of the offer leaflet, marked as a draft until the coordinator
    says it has been checked and approves it; then it is printed for the public."""
    municipality = _sheet_municipality(request, "referrals.manage_information_sheets")
    language = _language(language)
    found = next(
        (
            item
            for item in selectors.offer_leaflets_of(municipality)
            if item["leaflet"].language == language
        ),
        None,
    )
    if found is None:
        raise Http404
    form = OfferLeafletApproveForm(request.POST or None)
    if request.method == "POST" and found["approval"] is None and form.is_valid():
        services.offer_leaflet_approve(
            municipality=municipality, language=language, by=request.user
        )
        messages.success(
            request,
            _("The offer leaflet in %(language)s is approved and printed for the public.")
            % {"language": found["leaflet"].language_label},
        )
        return redirect("referrals:sheets")
    return render(
        request,
        "referrals/leaflet_approve.html",
        {
            "form": form,
            "municipality": municipality,
            "leaflet": found["leaflet"],
            "approval": found["approval"],
            "english": ENGLISH_LEAFLET,
        },
    )


def _privacy_facts(request, municipality: Municipality) -> dict:
    """The short privacy notice under an information sheet: the facts and the public page."""
    return {
        "notice": selectors.privacy_notice_of(municipality),
        "privacy_url": request.build_absolute_uri(
            reverse("public:privacy", args=[municipality.slug])
        ),
    }


@GET_OR_POST
@login_required
def sheet_edit(request, language):  # referrals:sheet_edit
    municipality = _sheet_municipality(request, "referrals.manage_information_sheets")
    language = _language(language)
    current = selectors.information_sheet_current(municipality, language)
    form = InformationSheetForm(
        request.POST or None,
        language=language,
        initial={
            "title": current.title if current else "",
            "body": current.body if current else "",
            "consent_text": current.consent_text if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        sheet = services.information_sheet_save(
            municipality=municipality, language=language, by=request.user, **form.cleaned_data
        )
        if sheet.is_draft:
            saved = _(
                "The information sheet is saved as version %(version)s, still a draft: no "
                "consent can be recorded on it until you approve the checked translation."
            )
        else:
            saved = _("The information sheet is saved as version %(version)s.")
        messages.success(request, saved % {"version": sheet.version})
        return redirect("referrals:sheet_edit", language)
    return render(
        request,
        "referrals/sheet_edit.html",
        {
            "form": form,
            "language": language,
            "language_label": SheetLanguage(language).label,
            "current": current,
            "versions": selectors.information_sheet_versions(municipality, language).select_related(
                "created_by", "approved_by"
            ),
        },
    )


@GET_OR_POST
@login_required
def sheet_approve(request, language):  # referrals:sheet_approve
    """The coordinator approves the shipped draft translation for the municipality, after
    saying that they have had it checked: it becomes the municipality's own version."""
    municipality = _sheet_municipality(request, "referrals.manage_information_sheets")
    language = _language(language)
    current = selectors.information_sheet_current(municipality, language)
    if current is None or not current.is_draft:
        raise Http404
    form = InformationSheetApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sheet = services.information_sheet_approve(
            municipality=municipality, language=language, by=request.user
        )
        messages.success(
            request,
            _(
                "The translation is approved as version %(version)s; consents can now be "
                "recorded on it."
            )
            % {"version": sheet.version},
        )
        return redirect("referrals:sheet_edit", language)
    return render(
        request,
        "referrals/sheet_approve.html",
        {"form": form, "sheet": current, "language_label": SheetLanguage(language).label},
    )


@require_safe
@login_required
def sheet_print(request, language):  # referrals:sheet_print
    municipality = _sheet_municipality(request, "referrals.view_information_sheets")
    language = _language(language)
    versions = selectors.information_sheet_versions(municipality, language)
    version = request.GET.get("version", "")
    if version.isdigit():
        sheet = versions.filter(version=int(version)).first()
    else:
        sheet = selectors.information_sheet_current(municipality, language)
    if sheet is None:
        raise Http404
    return render(
        request,
        "referrals/sheet_print.html",
        {
            **_privacy_facts(request, municipality),
            "sheet": sheet,
            "can_manage": request.user.has_perm(
                "referrals.manage_information_sheets", municipality
            ),
        },
    )


@require_safe
@login_required
def sheet_pdf(request, language):  # referrals:sheet_pdf
    """The current information sheet with a blank consent form, in its language, as a PDF to
    print and fill in by hand: no person's data."""
    municipality = _sheet_municipality(request, "referrals.view_information_sheets")
    sheet = selectors.information_sheet_current(municipality, _language(language))
    if sheet is None or not sheet.is_usable:
        raise Http404
    return pdf_response(
        "pdf/consent_form.html",
        {
            **_privacy_facts(request, municipality),
            "sheet": sheet,
            "label_language": _label_language(sheet.language),
            "shared_fields": _shared_fields(),
        },
        filename=f"information-sheet-{sheet.language}-v{sheet.version}.pdf",
        request=request,
        brand=municipality,
    )


# -- the access log -----------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class AccessLogView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    """Who saw which person's data, when and why. Read-only."""

    permission_required = "referrals.view_access_log"
    filterset_class = AccessLogFilter
    paginate_by = 25
    template_name = "referrals/access_log.html"

    def get_permission_object(self):
        if not hasattr(self, "municipality"):
            self.municipality = self.request.tenant.municipality
        return self.municipality

    def get_queryset(self):
        return selectors.access_log_for(self.get_permission_object())

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.get_permission_object(), **kwargs)


# -- offers presented (R52) ---------------------------------------------------------------------


@never_cache
@GET_OR_POST
@login_required
def offer_present(request, pk):  # referrals:offer_new
    """The caseworker presented a volunteer offer; the person said yes, no or "not now"."""
    person = selectors.access_live_person(request.user, pk)
    form = OfferPresentationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            presentation = services.offer_present(
                person=person, by=request.user, **form.cleaned_data
            )
            if presentation.offer_again_on:
                messages.success(
                    request,
                    _("Recorded. You will be reminded to offer it again on %(date)s.")
                    % {"date": date_format(presentation.offer_again_on, "DATE_FORMAT")},
                )
            else:
                messages.success(request, _("Recorded what the person answered."))
            return redirect(person)
    _log(request, person, Reason.PERSON_PAGE)
    return render(request, "referrals/offer_form.html", {"form": form, "person": person})


# -- organisations that cannot receive referrals (R47) ------------------------------------------


@require_safe
@login_required
def organizations_without_agreement(request):  # referrals:missing_agreements
    municipality = request.tenant.municipality
    if municipality is None or not request.user.has_perm(
        "referrals.view_missing_agreements", municipality
    ):
        raise PermissionDenied
    return render(
        request,
        "referrals/missing_agreements.html",
        {
            "municipality": municipality,
            "organizations": selectors.organizations_missing_contact_agreement(municipality),
        },
    )


# -- what the data protection officer asks for (GDPR art. 30, R76) ------------------------------


def _dpo_municipality(request, perm: str):
    municipality = request.tenant.municipality
    if municipality is None or not request.user.has_perm(perm, municipality):
        raise PermissionDenied
    return municipality


@GET_OR_POST
@login_required
def retention_settings(request):  # referrals:retention
    municipality = _dpo_municipality(request, "referrals.manage_retention")
    policy = selectors.retention_policy_of(municipality)
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.retention_policy_save(
                municipality=municipality,
                by=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
            messages.success(request, _("The retention periods are saved."))
            return redirect("referrals:retention")
    return render(request, "referrals/retention.html", {"form": form, "municipality": municipality})


@require_safe
@login_required
def retention_pdf(request):  # referrals:retention_pdf
    """The retention periods in force as a PDF that the municipality files with its record of
    processing: guarded like the page that sets them."""
    municipality = _dpo_municipality(request, "referrals.manage_retention")
    return pdf_response(
        "pdf/retention.html",
        selectors.retention_document(municipality),
        filename=f"retention-periods-{municipality.slug}.pdf",
        request=request,
        brand=municipality,
    )


@require_safe
@login_required
def record_of_processing(request):  # referrals:record_of_processing
    municipality = _dpo_municipality(request, "referrals.view_record_of_processing")
    return render(
        request,
        "referrals/record_of_processing.html",
        selectors.record_of_processing(municipality),
    )


@require_safe
@login_required
def record_of_processing_pdf(request):  # referrals:record_of_processing_pdf
    municipality = _dpo_municipality(request, "referrals.view_record_of_processing")
    return pdf_response(
        "pdf/record_of_processing.html",
        selectors.record_of_processing(municipality),
        filename=f"record-of-processing-{municipality.slug}.pdf",
        request=request,
        brand=municipality,
    )


@require_safe
@login_required
def dpia(request):  # referrals:dpia
    municipality = _dpo_municipality(request, "referrals.view_dpia")
    return render(request, "referrals/dpia.html", selectors.dpia(municipality))


@require_safe
@login_required
def dpia_pdf(request):  # referrals:dpia_pdf
    """The DPIA page as a PDF for the municipality's impact assessment; each control's link
    is the full address, printed, so that it can be followed from paper too."""
    municipality = _dpo_municipality(request, "referrals.view_dpia")
    context = selectors.dpia(municipality)
    for item in context["risks"]:
        item["link"] = request.build_absolute_uri(item["link"])
    return pdf_response(
        "pdf/dpia.html",
        context,
        filename=f"impact-assessment-{municipality.slug}.pdf",
        request=request,
        brand=municipality,
    )


@GET_OR_POST
@login_required
def privacy_notice_edit(request):  # referrals:privacy_notice
    municipality = _dpo_municipality(request, "referrals.manage_privacy_notice")
    form = PrivacyNoticeForm(
        request.POST or None, instance=selectors.privacy_notice_of(municipality)
    )
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.privacy_notice_save(
                municipality=municipality,
                by=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
            messages.success(request, _("The privacy notice is published."))
            return redirect("referrals:privacy_notice")
    return render(
        request,
        "referrals/privacy_notice_edit.html",
        {"form": form, "municipality": municipality},
    )


# -- the quarterly follow-up of referring staff (R40, W13) ---------------------------------------


@GET_OR_POST
@login_required
def staff_feedback(request):  # referrals:staff_feedback — a caseworker answers
    municipality = _dpo_municipality(request, "referrals.give_staff_feedback")
    year, quarter = services.feedback_quarter(timezone.now())
    given = selectors.staff_feedback_given(request.user, municipality, year, quarter)
    initial = (
        {
            "what_works": given.what_works,
            "what_is_hard": given.what_is_hard,
            "offered": given.offered,
        }
        if given
        else {}
    )
    form = StaffFeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            services.staff_feedback_save(
                by=request.user,
                municipality=municipality,
                what_works=form.cleaned_data["what_works"],
                what_is_hard=form.cleaned_data["what_is_hard"],
                offered=form.cleaned_data["offered"],
            )
            messages.success(request, _("Thank you. The coordinator reads the answers together."))
            return redirect("referrals:staff_feedback")
    return render(
        request,
        "referrals/staff_feedback.html",
        {
            "form": form,
            "municipality": municipality,
            "year": year,
            "quarter": quarter,
            "given": given,
        },
    )


@require_safe
@login_required
def staff_feedback_summary(request):  # referrals:staff_feedback_summary — coordinators, leaders
    municipality = _dpo_municipality(request, "referrals.view_staff_feedback")
    return render(
        request,
        "referrals/staff_feedback_summary.html",
        {
            "municipality": municipality,
            "quarters": selectors.staff_feedback_summary(municipality),
        },
    )
