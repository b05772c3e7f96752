"""The coordinator's overview (charts of the last 12 months), the period report and its
downloads, the start page with its role panels (`DashboardView`), and the municipality's own
page for its staff. These pages sit on the top floor because they gather every app's figures."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.branding import brand_version, theme_css
from accounts.forms import MunicipalityBrandingForm, StaffRoleForm
from accounts.page_cache import public_page
from accounts.selectors import (
    access_municipality,
    municipalities_for_dashboard,
    municipalities_listed,
    municipalities_visible_to,
    municipality_brand,
    municipality_staff,
)
from accounts.services import municipality_branding_update, municipality_membership_create
from accounts.versioned_cache import VersionedCache
from core.countries import currency_for
from core.pdf import pdf_response
from core.views import confirm_then, errors_to_form, errors_to_messages
from dashboard import charts, reports, selectors
from dashboard.filters import PlaceRequestFilter
from dashboard.forms import (
    ArenaForm,
    GuideFilterForm,
    GuideNoteForm,
    MunicipalityPageForm,
    NeedFilterForm,
    OfferListForm,
    PeriodForm,
    PlaceRequestAnswerForm,
    PlaceRequestForm,
    PremisesForm,
    ProposalDeclineForm,
    PublishedContactForm,
    ResourceFilterForm,
    ResourceForm,
    SlotProposalForm,
    StoryDecisionForm,
    StoryForm,
)
from dashboard.services import (
    arena_create,
    arena_delete,
    guide_note_save,
    municipality_page_update,
    place_request_answer,
    place_request_create,
    place_request_proposal_accept,
    place_request_proposal_decline,
    place_request_propose,
    place_request_withdraw,
    premises_create,
    premises_delete,
    published_contact_create,
    published_contact_delete,
    resource_delete,
    resource_save,
    story_decide,
    story_submit,
    term_end,
)
from meetings.selectors import latest_minutes, public_group_of
from organizations.selectors import (
    low_cost_price,
    offer_days_in,
    organizations_active_in,
    organizations_for_dashboard,
)
from referrals.selectors import (
    offer_leaflet_approved,
    offer_leaflets_of,
    referral_counts_for_dashboard,
)
from referrals.selectors import privacy_notice as privacy_notice_context


def referral_list_url(user) -> str | None:
    """The referral list the figures link to, or None for those who may not open it (a leader
    reads the figures only: R73)."""
    return reverse("referrals:list") if user.has_perm("referrals.view_referral_list") else None


# -- the start page's panels ---------------------------------------------------------------------


def start_page_panels(request, *, municipalities) -> dict:
    """The context for the role panels of the start page. `municipalities` is the user's own
    list (already loaded for the start page): the tenant (`request.tenant`, accounts.tenancy)
    picks the active municipality from it without another query. `user.has_perm` asks only the
    rules (accounts/permissions.py): a "no" loads nothing."""
    user, now = request.user, timezone.now()
    context: dict = {"now": now, "referral_list_url": referral_list_url(user)}
    request.tenant.preload(municipalities)
    municipality = request.tenant.municipality
    if user.has_perm("dashboard.view_municipality_overview", municipality):
        context.update(coordinator_panels(municipality, now=now))
    if user.has_perm("dashboard.view_caseworker_panel"):
        context["caseworker"] = selectors.caseworker_figures(user, now=now)
    if user.has_perm("dashboard.view_organization_panels"):
        organizations, meetings = selectors.organization_panels(user, now=now)
        context["organization_panels"] = organizations
        context["organization_meetings"] = meetings
        context["followed_deadlines"] = selectors.followed_grant_deadlines(user, now=now)
        context["need_responses"] = selectors.need_responses_of_my_organizations(user)
        context["my_place_requests"] = selectors.place_requests_of_my_organizations(user)
    return context


# The coordinator panels of one municipality are the same for each of its coordinators: they
# are computed once and kept until anything they count changes (or for a minute at most: the
# "next 14 days" and "overdue" windows move with the clock). They hold figures, meeting titles
# and decline categories (codes, never the free-text note), never a person's data (see
# dashboard/selectors.py).
def _municipality_of(instance) -> int | None:
    """A referral, meeting or agreement changes its own municipality's panels only; anything
    else (an organisation, an answer to an invitation, a national grant scheme) all of them."""
    return getattr(instance, "municipality_id", None)


PANELS = VersionedCache("coordinator-panels", timeout=60, scope_of=_municipality_of)


def watch_panel_data() -> None:
    from agreements.models import Agreement, Need, NeedResponse
    from dashboard.models import PlaceRequest
    from grants.models import Application, Scheme
    from meetings.models import Meeting, Participation
    from organizations.models import CategoryTerm, Organization
    from referrals.models import Referral

    PANELS.watch(
        (
            Organization,
            CategoryTerm,
            Agreement,
            Need,
            NeedResponse,
            Meeting,
            Participation,
            Referral,
            Scheme,
            Application,
            PlaceRequest,
        ),
        with_relations_of=(Organization,),
    )


def coordinator_panels(municipality, *, now) -> dict:
    key = f"{municipality.pk}:{get_language()}"
    panels, version = PANELS.get(key, scope=municipality.pk)
    if panels is None:
        referrals = selectors.referral_figures(municipality, now=now)
        panels = {
            "organization_figures": selectors.organization_figures(municipality, now=now),
            "categories": selectors.organizations_by_category(municipality),
            "agreement_figures": selectors.agreement_figures(municipality, now=now),
            "upcoming_meetings": selectors.upcoming_meetings(municipality, now=now),
            "meetings_without_minutes": selectors.meetings_without_minutes(municipality, now=now),
            "referral_figures": referrals,
            "decline_reasons": referrals.pop("decline_reasons"),
            "grant_figures": selectors.grant_figures(municipality, now=now),
            "open_needs": selectors.open_needs_with_waiting_answers(municipality),
            "place_requests": selectors.waiting_place_requests(municipality),
        }
        PANELS.set(key, version, panels)
    return {
        **panels,
        "overview_municipality": municipality,
    }


# -- the coordinator's pages --------------------------------------------------------------------


class CoordinatorMixin(LoginRequiredMixin):
    """Coordinators only (403 for anyone else), of the active municipality (`request.tenant`):
    where the user is not coordinator there is no overview for them (404)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("dashboard.view_overview"):
            raise PermissionDenied
        self.municipality = request.tenant.municipality
        if not request.user.has_perm("dashboard.view_municipality_overview", self.municipality):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.municipality, **kwargs)


def month_label(month) -> str:
    from django.utils.formats import date_format

    return date_format(month, "M Y")


class OverviewView(CoordinatorMixin, TemplateView):
    """Charts of the last 12 months, each with its table."""

    template_name = "dashboard/overview.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        referral_months = selectors.referrals_by_month(self.municipality, now=now)
        meeting_months = selectors.meetings_by_month(self.municipality, now=now)
        categories = selectors.organizations_by_category(self.municipality)
        for row in referral_months + meeting_months:
            row["label"] = month_label(row["month"])
        labels = [row["label"] for row in referral_months]
        outcome_names = outcome_labels()
        referral_chart = charts.bar_chart(
            title=_("Referrals per month by outcome"),
            description=_(
                "Stacked bars: referrals submitted in each of the last 12 months, by how they "
                "turned out. The table below the chart has the same figures."
            ),
            labels=labels,
            series=[
                charts.Series(str(name), [row[key] for row in referral_months])
                for key, name in outcome_names.items()
            ],
            chart_id="chart-referrals",
        )
        meeting_chart = charts.bar_chart(
            title=_("Meetings per month"),
            description=_(
                "Bars: meetings held or planned in each of the last 12 months. The table below "
                "the chart also shows how many invitees attended."
            ),
            labels=[row["label"] for row in meeting_months],
            series=[charts.Series(_("Meetings"), [row["meetings"] for row in meeting_months])],
            chart_id="chart-meetings",
        )
        attendance_chart = charts.bar_chart(
            title=_("Attendance per month"),
            description=_(
                "Bars: invitees recorded as present at meetings in each of the last 12 months."
            ),
            labels=[row["label"] for row in meeting_months],
            series=[charts.Series(_("Attended"), [row["attended"] for row in meeting_months])],
            chart_id="chart-attendance",
        )
        category_chart = charts.horizontal_bar_chart(
            title=_("Organisations by category"),
            description=_(
                "Horizontal bars: organisations active in the municipality in each category. An "
                "organisation can have several categories. The table next to the chart has the "
                "same figures."
            ),
            labels=[str(term.label) for term in categories],
            values=[term.organization_count for term in categories],
            chart_id="chart-categories",
        )
        return super().get_context_data(
            latest_minutes=list(latest_minutes(self.municipality)),
            referral_months=referral_months,
            meeting_months=meeting_months,
            categories=categories,
            outcome_names=outcome_names,
            referral_chart=referral_chart,
            meeting_chart=meeting_chart,
            attendance_chart=attendance_chart,
            category_chart=category_chart,
            **kwargs,
        )


def outcome_labels() -> dict:
    return {
        "open": _("Still open"),
        "contact_made": _("Contact made"),
        "declined": _("Declined"),
        "other": _("Ended otherwise"),
    }


class ReportView(CoordinatorMixin, TemplateView):
    """Key figures of a chosen period (default: this year so far), printable; CSV, XLSX, PDF."""

    template_name = "dashboard/report.html"
    fmt: str | None = None

    def get(self, request, *args, **kwargs):
        today = selectors.local_today(timezone.now())
        default = selectors.Period.year_to_date(today)
        data = request.GET if {"start", "end"} & set(request.GET) else None
        form = PeriodForm(data, initial={"start": default.first, "end": default.last})
        if data is None:
            period = default
        elif form.is_valid():
            period = selectors.Period(form.cleaned_data["start"], form.cleaned_data["end"])
        elif self.fmt is not None:
            return _bad_request()
        else:
            return self.render_to_response(self.get_context_data(form=form, report=None))
        report = selectors.report_for(self.municipality, period)
        if self.fmt == "csv":
            return reports.as_csv(report)
        if self.fmt == "xlsx":
            return reports.as_xlsx(report)
        if self.fmt == "pdf":
            return pdf_response(
                "pdf/report.html",
                {
                    "municipality": self.municipality,
                    "report": report,
                    "sections": reports.key_figures(report),
                    "organization_header": reports.organization_header(),
                    "organization_rows": reports.organization_rows(report),
                },
                filename=f"report-{self.municipality.slug}-{period.first}-{period.last}.pdf",
                request=request,
                brand=self.municipality,
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                sections=reports.key_figures(report),
                organization_header=reports.organization_header(),
                organization_rows=reports.organization_rows_html(reports.organization_rows(report)),
                query=_period_query(period),
            )
        )


def _bad_request():
    from django.http import HttpResponseBadRequest

    return HttpResponseBadRequest(_("Choose a valid period."))


def _period_query(period) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {
            "start": period.first.isoformat(),
            "end": period.last.isoformat(),
        }
    )


# -- the start page and the municipality's page ------------------------------------------------


class DashboardView(LoginRequiredMixin, TemplateView):
    """The role-aware start page. Later capabilities add their panels to it."""

    template_name = "dashboard/start_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["my_municipalities"] = (
            list(municipalities_for_dashboard(user))
            if user.has_perm("dashboard.view_own_municipalities")
            else []
        )
        context["my_organizations"] = (
            organizations_for_dashboard(user)
            if user.has_perm("dashboard.view_organization_panels")
            else []
        )
        # The header and the tenant use the same municipalities: no second query for them.
        self.request.tenant.preload(context["my_municipalities"])
        # Staff only get here with two-factor set up (RequireTwoFactorMiddleware checked it).
        context["two_factor_enabled"] = user.has_perm(
            "accounts.needs_two_factor"
        ) or is_mfa_enabled(user)
        if user.has_perm("dashboard.view_referral_counts"):
            context["referral_counts"] = referral_counts_for_dashboard(self.request.user)
        # -- overview: the role panels (dashboard app)
        context.update(start_page_panels(self.request, municipalities=context["my_municipalities"]))
        return context


class MunicipalityDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """The municipality's own page for its staff: who works here, which organisations are active."""

    permission_required = "accounts.view_municipality"
    template_name = "accounts/municipality_detail.html"
    context_object_name = "municipality"

    def get_queryset(self):
        return municipalities_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff"] = municipality_staff(self.object)
        context["organizations"] = organizations_active_in(self.object)
        if self.request.user.has_perm("accounts.add_staff_role", self.object):
            context.setdefault("staff_role_form", StaffRoleForm())
        return context


@require_POST
@login_required
def staff_role_add(request: HttpRequest, slug: str) -> HttpResponse:  # accounts:staff_role_add
    """A coordinator gives someone a role in their municipality."""
    municipality = access_municipality(request.user, slug)
    if not request.user.has_perm("accounts.add_staff_role", municipality):
        raise PermissionDenied
    form = StaffRoleForm(request.POST)
    if form.is_valid():
        try:
            membership = municipality_membership_create(
                municipality=municipality,
                user=form.staff_user,
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except PermissionDenied as refusal:
            form.add_error("email", str(refusal))
        except ValidationError as error:
            form.add_error("email", error.messages)
        else:
            messages.success(
                request,
                _("%(name)s now has the role %(role)s in %(municipality)s.")
                % {
                    "name": membership.user,
                    "role": membership.get_role_display(),
                    "municipality": municipality,
                },
            )
            return redirect("accounts:municipality", municipality.slug)
    view = MunicipalityDetailView(request=request, kwargs={"slug": slug}, object=municipality)
    context = view.get_context_data(object=municipality, staff_role_form=form)
    return render(request, view.template_name, context, status=400)


# -- the municipality's public page (issue #18) ---------------------------------------------------


@public_page("municipality")
def municipality_public(request: HttpRequest, slug: str) -> HttpResponse:  # public:municipality
    """The municipality's front door, no login: whom to contact, what it needs now, its public
    meetings and its own words on how cooperation works here."""
    municipality = selectors.access_municipality_page_public(slug)
    need_filter = NeedFilterForm(
        request.GET or None, target_groups=selectors.need_target_groups_of(municipality)
    )
    wanted = need_filter.cleaned_data if need_filter.is_valid() else {}
    context = {
        "municipality": municipality,
        "texts": selectors.page_texts(municipality),
        "contacts": selectors.published_contacts_of(municipality),
        "need_filter": need_filter,
        "needs_filtered": bool(wanted.get("q") or wanted.get("target_group")),
        "needs": selectors.public_needs_of(
            municipality, q=wanted.get("q", ""), target_group=wanted.get("target_group", "")
        ),
        "meetings": selectors.upcoming_public_meetings_of(municipality, now=timezone.now()),
        "premises": selectors.premises_of(municipality),
        "arenas": selectors.arenas_of(municipality),
        "directory_url": reverse("organizations:directory") + f"?municipality={municipality.slug}",
        "can_edit": request.user.has_perm("dashboard.change_municipalitypage", municipality),
        "leaflets": [
            item["leaflet"] for item in offer_leaflets_of(municipality) if item["approval"]
        ],
        "can_request": request.user.has_perm("dashboard.add_placerequest", municipality),
        "can_see_requests": request.user.has_perm("dashboard.view_placerequests", municipality),
        "can_see_offers": request.user.has_perm(
            "organizations.view_offers_and_needs", municipality
        ),
        "can_see_crisis": request.user.has_perm("dashboard.view_crisis_contacts", municipality),
        "agreements": selectors.public_agreements_in(municipality),
        "grant_rounds": selectors.grant_rounds_of(municipality, today=timezone.localdate()),
        "group": public_group_of(municipality),
        "stories": selectors.published_stories_of(municipality),
        "can_keep_group": request.user.has_perm("meetings.manage_coordinating_group", municipality),
        "can_see_stories": request.user.has_perm("dashboard.view_stories", municipality),
    }
    return render(request, "dashboard/municipality_public.html", context)


MUNICIPALITIES_PER_PAGE = 24


@public_page("municipality-list")
def municipality_list(request: HttpRequest) -> HttpResponse:  # public:list
    """Every municipality on Brobygger, no login: search by name, in pages; each leads to its
    public page."""
    q = request.GET.get("q", "")[:100]
    page_obj = Paginator(municipalities_listed(q), MUNICIPALITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "dashboard/municipality_list.html", {"q": q, "page_obj": page_obj})


@require_safe
def municipality_theme(request: HttpRequest, slug: str) -> HttpResponse:  # public:theme
    """The municipality's stylesheet (accounts/branding.py): its accent colour as
    Designsystemet's custom properties. Public and the same for everyone; its address carries
    the branding's version (`?v=`), so browsers keep it for a day, and an ETag answers 304."""
    municipality = municipality_brand(slug)
    etag = f'"{brand_version(municipality)}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(theme_css(municipality), content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def municipality_branding(request: HttpRequest, slug: str) -> HttpResponse:  # public:branding
    """The coordinator sets the municipality's accent colour and logo (issue #23)."""
    municipality = access_municipality(
        request.user, slug, perm="accounts.change_municipality_branding"
    )
    form = MunicipalityBrandingForm(initial={"accent_color": municipality.accent_color})
    status = 200
    if request.method == "POST":
        form = MunicipalityBrandingForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            with errors_to_form(form):
                municipality_branding_update(
                    municipality=municipality,
                    by=request.user,
                    accent_color=form.cleaned_data["accent_color"],
                    logo=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data["remove_logo"],
                )
                messages.success(request, _("The colour and logo are saved."))
                return redirect("public:branding", municipality.slug)
    return render(
        request,
        "dashboard/municipality_branding.html",
        {"municipality": municipality, "form": form},
        status=status,
    )


@public_page("municipality-privacy")
def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:  # public:privacy
    """The municipality's privacy notice for the referral journey, no login, in its language."""
    municipality = selectors.access_municipality_page_public(slug)
    return render(request, "dashboard/privacy_notice.html", privacy_notice_context(municipality))


def _offer_list_context(request: HttpRequest, municipality) -> dict:
    """What the printable offer list shows, as HTML and as PDF: the public activities by
    weekday, only the free and low-cost ones unless the visitor chose all."""
    form = OfferListForm(request.GET or {"prices": OfferListForm.CHEAP})
    cheap_only = form.cheap_only()
    return {
        "municipality": municipality,
        "offer_form": form,
        "cheap_only": cheap_only,
        "low_cost_price": low_cost_price(municipality),
        "currency": currency_for(municipality.country),
        "days": offer_days_in(municipality, cheap_only=cheap_only),
        "prices_query": "" if cheap_only else f"?prices={OfferListForm.ALL}",
        "generated_on": timezone.localdate(),
    }


@public_page("municipality-offers")
def municipality_offers_pdf(request: HttpRequest, slug: str) -> HttpResponse:  # public:offers_pdf
    """The municipality's printable offer list, no login: the public activities held there
    by weekday (only the free and low-cost ones unless `?prices=all`), with times, place and
    whom to contact."""
    municipality = selectors.access_municipality_page_public(slug)
    return pdf_response(
        "pdf/offer_list.html",
        _offer_list_context(request, municipality),
        filename=f"offers-{municipality.slug}.pdf",
        request=request,
        brand=municipality,
    )


@public_page("municipality-offers-print")
def municipality_offers_print(
    request: HttpRequest, slug: str
) -> HttpResponse:  # public:offers_print
    """The same offer list as a page to print from the browser (a print stylesheet), with the
    choice between the free and low-cost activities and all of them."""
    municipality = selectors.access_municipality_page_public(slug)
    return render(
        request, "dashboard/offer_list_print.html", _offer_list_context(request, municipality)
    )


def municipality_offers_leaflet_pdf(
    request: HttpRequest, slug: str, language: str
) -> HttpResponse:  # public:offers_leaflet_pdf
    """The printable offer list under the leaflet about the offer in a refugee's language, no
    login: only where the municipality's coordinator has approved that translation (a draft
    made by Brobygger is never printed for the public)."""
    municipality = selectors.access_municipality_page_public(slug)
    approved = offer_leaflet_approved(municipality, language)
    if approved is None:
        raise Http404
    leaflet, approval = approved
    return pdf_response(
        "pdf/offer_leaflet.html",
        {
            "municipality": municipality,
            "leaflet": leaflet,
            "approval": approval,
            "days": offer_days_in(municipality, cheap_only=True),
            "cheap_only": True,
            "low_cost_price": low_cost_price(municipality),
            "currency": currency_for(municipality.country),
            "generated_on": timezone.localdate(),
        },
        filename=f"offers-{municipality.slug}-{language}.pdf",
        request=request,
        brand=municipality,
    )


@public_page("municipality-guide")
def referral_guide(request: HttpRequest, slug: str) -> HttpResponse:  # public:guide
    """Where to refer (R78), no login: which organisation and activity helps with what, for a
    teacher or a NAV worker who wants to send someone on."""
    municipality = selectors.access_municipality_page_public(slug)
    guide_filter = GuideFilterForm(request.GET or None)
    target_group = guide_filter.cleaned_data["target_group"] if guide_filter.is_valid() else ""
    context = {
        "municipality": municipality,
        "guide_filter": guide_filter,
        "topics": selectors.referral_guide(municipality, target_group=target_group),
        "filtered": bool(target_group),
    }
    return render(request, "dashboard/referral_guide.html", context)


@login_required
def municipality_page_edit(request: HttpRequest, slug: str) -> HttpResponse:  # public:edit
    """The coordinator writes the page's texts and chooses the contacts it publishes."""
    municipality = selectors.access_municipality_page(request.user, slug)
    texts = selectors.page_texts(municipality)
    form = MunicipalityPageForm(
        initial={
            "cooperation": texts.cooperation if texts else "",
            "supplements": texts.supplements if texts else "",
            "switchboard": texts.switchboard if texts else "",
            "website": texts.website if texts else "",
        }
    )
    contact_form = PublishedContactForm(prefix="contact")
    note_form = GuideNoteForm(prefix="guide")
    venues = selectors.own_venues_of(municipality)
    premises_form = PremisesForm(prefix="premises", venues=venues)
    arena_form = ArenaForm(prefix="arena")
    status = 200
    if request.method == "POST" and "save_texts" in request.POST:
        form = MunicipalityPageForm(request.POST)
        if form.is_valid():
            municipality_page_update(municipality=municipality, **form.cleaned_data)
            messages.success(request, _("The page is saved."))
            return redirect("public:edit", municipality.slug)
        status = 400
    elif request.method == "POST" and "add_contact" in request.POST:
        contact_form = PublishedContactForm(request.POST, prefix="contact")
        if contact_form.is_valid():
            contact = published_contact_create(
                municipality=municipality, **contact_form.cleaned_data
            )
            messages.success(request, _("%(name)s is shown on the page.") % {"name": contact})
            return redirect("public:edit", municipality.slug)
        status = 400
    elif request.method == "POST" and "save_note" in request.POST:
        note_form = GuideNoteForm(request.POST, prefix="guide")
        if note_form.is_valid():
            guide_note_save(municipality=municipality, **note_form.cleaned_data)
            messages.success(request, _("The referral guide is saved."))
            return redirect("public:edit", municipality.slug)
        status = 400
    elif request.method == "POST" and "add_premises" in request.POST:
        premises_form = PremisesForm(request.POST, prefix="premises", venues=venues)
        if premises_form.is_valid():
            premises = premises_create(municipality=municipality, **premises_form.cleaned_data)
            messages.success(request, _("%(name)s is shown on the page.") % {"name": premises})
            return redirect("public:edit", municipality.slug)
        status = 400
    elif request.method == "POST" and "add_arena" in request.POST:
        arena_form = ArenaForm(request.POST, prefix="arena")
        if arena_form.is_valid():
            arena = arena_create(municipality=municipality, **arena_form.cleaned_data)
            messages.success(request, _("%(name)s is shown on the page.") % {"name": arena})
            return redirect("public:edit", municipality.slug)
        status = 400
    context = {
        "municipality": municipality,
        "form": form,
        "contact_form": contact_form,
        "contacts": selectors.published_contacts_of(municipality),
        "note_form": note_form,
        "guide_notes": selectors.guide_notes_of(municipality),
        "premises_form": premises_form,
        "premises": selectors.premises_of(municipality),
        "arena_form": arena_form,
        "arenas": selectors.arenas_of(municipality),
    }
    return render(request, "dashboard/municipality_page_edit.html", context, status=status)


def _remove_from_page(request: HttpRequest, slug: str, pk: int, access, delete) -> HttpResponse:
    """Take one thing (a contact, premises, an arena) off the public page, after asking."""
    municipality = selectors.access_municipality_page(request.user, slug)
    item = access(municipality, pk)
    return confirm_then(
        request,
        act=lambda: delete(item),
        done=_("%(name)s is no longer shown on the page.") % {"name": item},
        next_url=reverse("public:edit", args=[municipality.slug]),
        template="dashboard/published_contact_remove.html",
        context={"municipality": municipality, "contact": item},
    )


@login_required
def published_contact_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take a contact off the page, after asking (public:contact_remove)."""
    return _remove_from_page(
        request,
        slug,
        pk,
        selectors.access_published_contact,
        lambda contact: published_contact_delete(contact=contact),
    )


@login_required
def premises_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take premises off the page, after asking (public:premises_remove)."""
    return _remove_from_page(
        request,
        slug,
        pk,
        selectors.access_premises,
        lambda premises: premises_delete(premises=premises),
    )


@login_required
def arena_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take an arena off the page, after asking (public:arena_remove)."""
    return _remove_from_page(
        request, slug, pk, selectors.access_arena, lambda arena: arena_delete(arena=arena)
    )


# -- requests for premises and arenas (R16, R17) --------------------------------------------------

PLACE_REQUESTS_PER_PAGE = 25


@login_required
def premises_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An organisation asks for the premises at some of their weekly times
    (public:premises_request)."""
    municipality = selectors.access_request_form(request.user, slug)
    premises = selectors.access_premises(municipality, pk)
    return _place_request_form(request, municipality, premises=premises)


@login_required
def arena_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An organisation asks to present its offer at an arena (public:arena_request)."""
    municipality = selectors.access_request_form(request.user, slug)
    arena = selectors.access_arena(municipality, pk)
    return _place_request_form(request, municipality, arena=arena)


def _place_request_form(request, municipality, *, premises=None, arena=None) -> HttpResponse:
    organizations = selectors.requesting_organizations(request.user, municipality)
    form = PlaceRequestForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations,
        slots=premises.slots.all() if premises else None,
        taken=selectors.taken_slot_ids_of(premises) if premises else frozenset(),
    )
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            place_request = place_request_create(
                by=request.user,
                municipality=municipality,
                organization=form.cleaned_data["organization"],
                message=form.cleaned_data["message"],
                premises=premises,
                slots=form.cleaned_data.get("slots", []),
                arena=arena,
            )
            messages.success(
                request, _("Your request is sent. The municipality's coordinators are told.")
            )
            return redirect(place_request)
    context = {
        "municipality": municipality,
        "place": premises or arena,
        "premises": premises,
        "form": form,
        "has_organizations": organizations.exists(),
    }
    return render(
        request, "dashboard/place_request_form.html", context, status=400 if form.errors else 200
    )


@login_required
def place_requests(request: HttpRequest, slug: str) -> HttpResponse:  # public:requests
    """The municipality's requests for premises and arenas: all of them for its coordinators,
    their own for organisations; searchable, filtered by status and kind, in pages."""
    municipality = selectors.access_place_requests(request.user, slug)
    filterset = PlaceRequestFilter(
        request.GET or None,
        queryset=selectors.place_requests_visible_to(request.user, municipality),
    )
    page_obj = Paginator(filterset.qs, PLACE_REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "filter": filterset,
        "page_obj": page_obj,
        "can_answer": request.user.has_perm("dashboard.change_municipalitypage", municipality),
    }
    return render(request, "dashboard/place_requests.html", context)


@login_required
def place_request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One request with its answer; a coordinator answers it here (public:request)."""
    municipality = selectors.access_place_requests(request.user, slug)
    place_request = selectors.access_place_request(request.user, municipality, pk)
    can_answer = (
        request.user.has_perm("dashboard.answer_placerequest", place_request)
        and place_request.status in place_request.ANSWERABLE
    )
    form = None
    if can_answer:
        premises = place_request.premises
        books = premises is not None and premises.venue_id is not None
        form = PlaceRequestAnswerForm(
            request.POST if request.method == "POST" else None,
            books_until=term_end(timezone.localdate()) if books else None,
        )
        if request.method == "POST" and form.is_valid():
            with errors_to_form(form):
                place_request_answer(
                    by=request.user,
                    place_request=place_request,
                    status=form.cleaned_data["status"],
                    reply=form.cleaned_data["reply"],
                    until=form.cleaned_data.get("until"),
                )
                messages.success(request, _("Your answer is saved. The organisation is told."))
                return redirect(place_request)
    elif request.method == "POST":
        raise PermissionDenied
    open_proposal = selectors.open_proposal_of(place_request)
    context = {
        "municipality": municipality,
        "place_request": place_request,
        "booking": selectors.booking_of(place_request),
        "form": form,
        "can_propose": can_answer and place_request.premises_id is not None,
        "proposals": selectors.proposals_of(place_request),
        "open_proposal": open_proposal,
        "can_answer_proposal": open_proposal is not None
        and request.user.has_perm("dashboard.answer_slot_proposal", place_request),
        "can_withdraw": request.user.has_perm("dashboard.withdraw_placerequest", place_request)
        and place_request.status in place_request.WITHDRAWABLE,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "dashboard/place_request_detail.html", context, status=status)


@login_required
def place_request_withdraw_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organisation withdraws its request, after being asked (public:request_withdraw)."""
    municipality = selectors.access_place_requests(request.user, slug)
    place_request = selectors.access_place_request(request.user, municipality, pk)
    if not request.user.has_perm("dashboard.withdraw_placerequest", place_request):
        raise Http404
    if request.method == "POST":
        with errors_to_messages(request):
            place_request_withdraw(by=request.user, place_request=place_request)
            messages.success(request, _("The request is withdrawn. The municipality is told."))
        return redirect(place_request)
    return render(
        request,
        "dashboard/place_request_withdraw.html",
        {"municipality": municipality, "place_request": place_request},
    )


@login_required
def place_request_propose_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator proposes another weekly time instead of declining
    (public:request_propose)."""
    municipality = selectors.access_place_requests(request.user, slug)
    place_request = selectors.access_place_request(request.user, municipality, pk)
    if not (
        request.user.has_perm("dashboard.answer_placerequest", place_request)
        and place_request.status in place_request.ANSWERABLE
        and place_request.premises_id is not None
    ):
        raise Http404
    form = SlotProposalForm(
        request.POST if request.method == "POST" else None,
        slots=selectors.proposable_slots_for(place_request),
    )
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            place_request_propose(by=request.user, place_request=place_request, **form.cleaned_data)
            messages.success(request, _("The time is proposed. The organisation is told."))
            return redirect(place_request)
    context = {"municipality": municipality, "place_request": place_request, "form": form}
    status = 400 if form.errors else 200
    return render(request, "dashboard/place_request_propose.html", context, status=status)


@login_required
def place_request_proposal_accept_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organisation takes the proposed time, after being asked: the request is granted and
    the venue booked (public:request_proposal_accept)."""
    municipality = selectors.access_place_requests(request.user, slug)
    proposal = selectors.access_open_proposal(request.user, municipality, pk)
    place_request = proposal.place_request
    with errors_to_messages(request):
        return confirm_then(
            request,
            act=lambda: place_request_proposal_accept(by=request.user, place_request=place_request),
            done=_("The time is yours: the request is granted. The municipality is told."),
            next_url=place_request.get_absolute_url(),
            template="dashboard/place_request_accept.html",
            context={
                "municipality": municipality,
                "place_request": place_request,
                "proposal": proposal,
                "until": term_end(proposal.starts_on or timezone.localdate()),
            },
        )
    return redirect(place_request)


@login_required
def place_request_proposal_decline_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organisation cannot use the proposed time and says why; the request waits for the
    coordinators again (public:request_proposal_decline)."""
    municipality = selectors.access_place_requests(request.user, slug)
    proposal = selectors.access_open_proposal(request.user, municipality, pk)
    place_request = proposal.place_request
    form = ProposalDeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            place_request_proposal_decline(
                by=request.user, place_request=place_request, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("You declined the proposed time. The municipality is told why.")
            )
            return redirect(place_request)
    context = {
        "municipality": municipality,
        "place_request": place_request,
        "proposal": proposal,
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "dashboard/place_request_decline_proposal.html", context, status=status)


# -- the resource library (R74) -------------------------------------------------------------------

RESOURCES_PER_PAGE = 20


def resources(request: HttpRequest, slug: str) -> HttpResponse:  # public:resources
    """The municipality's documents and links for organisations, no login for the public ones:
    searchable, by category and language, in pages."""
    municipality = selectors.access_municipality_page_public(slug)
    filter_form = ResourceFilterForm(
        request.GET or None, languages=selectors.resource_languages(municipality)
    )
    wanted = filter_form.cleaned_data if filter_form.is_valid() else {}
    found = selectors.resources_matching(
        selectors.resources_visible_to(request.user, municipality),
        q=wanted.get("q", ""),
        category=wanted.get("category", ""),
        language=wanted.get("language", ""),
    )
    context = {
        "municipality": municipality,
        "filter_form": filter_form,
        "page_obj": Paginator(found, RESOURCES_PER_PAGE).get_page(request.GET.get("page")),
        "can_manage": request.user.has_perm("dashboard.manage_resources", municipality),
        "sees_members_only": request.user.has_perm(
            "dashboard.view_members_resources", municipality
        ),
    }
    return render(request, "dashboard/resources.html", context)


def resource_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A resource's file, to those who may see the resource (public:resource_file)."""
    municipality = selectors.access_municipality_page_public(slug)
    resource = selectors.access_resource_file(request.user, municipality, pk)
    name = resource.file.name.rsplit("/", 1)[-1]
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=name)


@login_required
def resource_create(request: HttpRequest, slug: str) -> HttpResponse:  # public:resource_create
    municipality = selectors.access_resources_to_manage(request.user, slug)
    return _resource_form(request, municipality, resource=None)


@login_required
def resource_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:  # public:resource_edit
    municipality = selectors.access_resources_to_manage(request.user, slug)
    resource = selectors.access_resource(municipality, pk)
    return _resource_form(request, municipality, resource=resource)


def _resource_form(request, municipality, *, resource) -> HttpResponse:
    initial = {"published_on": timezone.localdate(), "language": municipality.language}
    if request.method == "POST":
        form = ResourceForm(request.POST, request.FILES, instance=resource)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ResourceForm.Meta.fields}
            with errors_to_form(form, {"file": "upload"}):
                resource_save(
                    by=request.user,
                    municipality=municipality,
                    resource=resource,
                    upload=form.cleaned_data["upload"],
                    **fields,
                )
                messages.success(request, _("The library is saved."))
                return redirect("public:resources", municipality.slug)
    else:
        form = ResourceForm(instance=resource, initial=None if resource else initial)
    context = {"municipality": municipality, "form": form, "resource": resource}
    status = 400 if form.errors else 200
    return render(request, "dashboard/resource_form.html", context, status=status)


@login_required
def resource_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take a document or link out of the library, after asking (public:resource_remove)."""
    municipality = selectors.access_resources_to_manage(request.user, slug)
    resource = selectors.access_resource(municipality, pk)
    return confirm_then(
        request,
        act=lambda: resource_delete(by=request.user, resource=resource),
        done=_("%(name)s is no longer in the library.") % {"name": resource},
        next_url=reverse("public:resources", args=[municipality.slug]),
        template="dashboard/resource_remove.html",
        context={"municipality": municipality, "resource": resource},
    )


# -- crisis contacts (R13) ----------------------------------------------------------------------


@login_required
def crisis_contacts(request: HttpRequest, slug: str) -> HttpResponse:  # public:crisis_contacts
    """The organisations that may be contacted at once in a crisis, with what they could do, and
    the way to write to all of them at once (an announcement to just them)."""
    municipality = selectors.access_crisis_contacts(request.user, slug)
    q = request.GET.get("q", "").strip()[:100]
    found = selectors.crisis_contacts_of(municipality, q=q)
    context = {
        "municipality": municipality,
        "q": q,
        "page_obj": Paginator(found, PLACE_REQUESTS_PER_PAGE).get_page(request.GET.get("page")),
        "write_url": reverse("announcements:create") + "?audience-crisis_contacts=on",
    }
    return render(request, "dashboard/crisis_contacts.html", context)


# -- good stories (R72) ---------------------------------------------------------------------------

STORIES_PER_PAGE = 20


@login_required
def stories(request: HttpRequest, slug: str) -> HttpResponse:  # public:stories
    """The coordinator's stories to publish or decline (waiting ones first); an organisation's
    admins and contact persons see their own stories and what the municipality answered."""
    municipality = selectors.access_stories(request.user, slug)
    found = selectors.stories_visible_to(request.user, municipality)
    context = {
        "municipality": municipality,
        "page_obj": Paginator(found, STORIES_PER_PAGE).get_page(request.GET.get("page")),
        "can_submit": request.user.has_perm("dashboard.submit_story", municipality),
    }
    return render(request, "dashboard/stories.html", context)


@login_required
def story_create(request: HttpRequest, slug: str) -> HttpResponse:  # public:story_create
    """An organisation tells a good story about its work here."""
    municipality = selectors.access_stories(request.user, slug)
    if not request.user.has_perm("dashboard.submit_story", municipality):
        raise Http404
    organizations = selectors.story_organizations_for(request.user, municipality)
    form = StoryForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_to_form(form):
            story_submit(
                by=request.user,
                municipality=municipality,
                organization=data["organization"],
                title=data["title"],
                text=data["text"],
                people_asked=data["people_asked"],
            )
            messages.success(
                request,
                _("Thank you. The municipality's coordinator reads the story before it is shown."),
            )
            return redirect("public:stories", municipality.slug)
    context = {"municipality": municipality, "form": form, "has_organizations": organizations}
    return render(request, "dashboard/story_form.html", context, status=400 if form.errors else 200)


@login_required
def story_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:  # public:story
    """One story: the coordinator publishes or declines it; its organisation reads the answer."""
    municipality = selectors.access_stories(request.user, slug)
    story = selectors.access_story(request.user, municipality, pk)
    can_decide = request.user.has_perm("dashboard.review_stories", municipality) and (
        story.status == story.Status.SUBMITTED
    )
    form = StoryDecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            publish = form.cleaned_data["decision"] == "publish"
            with errors_to_form(form):
                story_decide(
                    by=request.user,
                    story=story,
                    publish=publish,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("The story is published.")
                    if publish
                    else _("The story is declined and the organisation is told why."),
                )
                return redirect("public:stories", municipality.slug)
    context = {"municipality": municipality, "story": story, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "dashboard/story_detail.html", context, status=status)
