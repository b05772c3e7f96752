"""Grant guidance: the public catalogue, scheme pages, the eligibility helper and the deadline
calendar; the organisation's tracker with its checklist, attachments and draft review; the
coordinator's schemes, overview and help slots. Thin: parse, check permission, call a service or
a selector, render."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from django_filters.views import FilterView

from accounts.models import Municipality
from accounts.page_cache import public_page
from accounts.selectors import municipalities_by_name
from core.countries import DENMARK, NORWAY, currency_for
from core.views import errors_to_form, errors_to_messages
from grants import checklist, deadlines, matching, readability, selectors, services
from grants.filters import ApplicationFilter, DeadlineFilter, SchemeFilter
from grants.forms import (
    ApplicationCreateForm,
    ApplicationForm,
    AttachmentForm,
    BookForm,
    CommentForm,
    DraftForm,
    HelperForm,
    HelpSlotForm,
    ReplyForm,
    SchemeForm,
    ShareForm,
    StatusForm,
)
from grants.models import Application
from meetings.selectors import grant_information_meetings
from organizations.selectors import organizations_of


def _coordinated_municipality(request, perm: str) -> Municipality:
    """The active municipality (`request.tenant`) if the rule lets the user act in it; 403
    otherwise. The rule itself is asked: a platform admin coordinates nothing."""
    municipality = request.tenant.municipality
    if not request.user.has_perm(perm, municipality):
        raise PermissionDenied
    return municipality


# -- the public catalogue ----------------------------------------------------------------------


@method_decorator(public_page("grants"), name="dispatch")
class SchemeListView(FilterView):
    """The catalogue: published schemes (and the coordinator's drafts), searchable."""

    filterset_class = SchemeFilter
    template_name = "grants/scheme_list.html"
    paginate_by = 20

    def get_queryset(self):
        return selectors.catalogue_schemes(
            self.request.user, municipality_slug=self.request.GET.get("municipality")
        ).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for scheme in context["page_obj"].object_list:
            scheme.shown = scheme.shown_deadline(today)
        context["can_add"] = self.request.user.has_perm(
            "grants.create_scheme", self.request.tenant.municipality
        )
        context["today"] = today
        return context


@public_page("grant-scheme")
def scheme_detail(request, slug):  # grants:scheme
    scheme = selectors.access_scheme(request.user, slug)
    today = timezone.localdate()
    shown = scheme.shown_deadline(today)
    upcoming = [
        {"date": day, "note": deadlines.day_note(day)}
        for day in scheme.rule.occurrences(today, today + timedelta(days=730))[:2]
        if not scheme.rule.yearly
    ]
    organizations = list(selectors.editable_organizations(request.user))
    following = selectors.follows_of(scheme, organizations) if organizations else set()
    window_opens = None
    if scheme.window_opens_rule and upcoming:
        try:
            rule = deadlines.parse_rule(scheme.window_opens_rule)
        except deadlines.RuleError:
            rule = deadlines.Rule()
        window_opens = rule.next_on_or_after(upcoming[0]["date"] - timedelta(days=365))
    context = {
        "scheme": scheme,
        "upcoming": upcoming,
        "window_opens": window_opens,
        "shown": shown,
        "organizations": [
            {"organization": o, "following": o.pk in following} for o in organizations
        ],
        "can_change": request.user.has_perm("grants.change_scheme", scheme),
        "information_meetings": selectors.information_meetings_of(scheme, now=timezone.now()),
    }
    return render(request, "grants/scheme_detail.html", context)


class SchemeFormView(LoginRequiredMixin, View):
    """A coordinator's new scheme for their municipality, or an edit of a scheme they keep."""

    template_name = "grants/scheme_form.html"

    def _scheme(self, slug):
        if slug is None:
            return None
        return selectors.access_scheme(self.request.user, slug, perm="grants.change_scheme")

    def _meetings(self, scheme):
        municipality = scheme.municipality if scheme else self.request.tenant.municipality
        if municipality is None:
            return None
        return grant_information_meetings(municipality, now=timezone.now())

    def get(self, request, slug=None):
        scheme = self._scheme(slug)
        initial = None
        municipality = None
        if scheme is None:
            municipality = _coordinated_municipality(request, "grants.create_scheme")
            # A Danish municipality's own scheme is in Danish kroner.
            initial = {"currency": currency_for(municipality.country)}
        form = SchemeForm(
            instance=scheme,
            initial=initial,
            meetings=self._meetings(scheme),
            languages=_text_languages(scheme, municipality if scheme is None else None),
        )
        if scheme is not None:
            _show_readability(form, {f: getattr(scheme, f) for f in readability.TEXT_FIELDS})
        return render(request, self.template_name, {"form": form, "scheme": scheme})

    def post(self, request, slug=None):
        scheme = self._scheme(slug)
        municipality = (
            None if scheme else _coordinated_municipality(request, "grants.create_scheme")
        )
        form = SchemeForm(
            request.POST,
            instance=scheme,
            meetings=self._meetings(scheme),
            languages=_text_languages(scheme, municipality),
        )
        scores = _show_readability(form, request.POST)
        if "preview" in request.POST:  # the readability of the text as typed; nothing saved
            context = {"form": form, "scheme": scheme, "preview": True}
            return render(request, self.template_name, context)
        if form.is_valid():
            fields = {
                name: form.cleaned_data[name]
                for name in form.Meta.fields
                if name in form.cleaned_data
            }
            with errors_to_form(form):
                scheme = services.scheme_save(
                    by=request.user, scheme=scheme, municipality=municipality, fields=fields
                )
                messages.success(request, _("The scheme is saved."))
                for score in scores.values():
                    if score.too_hard:
                        messages.warning(request, f"{form.fields[score.field].label}: {score.text}")
                return redirect(scheme)
        return render(request, self.template_name, {"form": form, "scheme": scheme}, status=400)


def _text_languages(scheme, municipality) -> tuple[str, ...]:
    """The languages a scheme's texts are written in on the editor: its country's (bokmål and
    nynorsk; Danish) and English, for the organisations who read another language."""
    country = scheme.country if scheme is not None else municipality.country
    return (*Municipality.LANGUAGES_BY_COUNTRY.get(country, ("nb",)), "en")


def _show_readability(form, texts) -> dict:
    """Put each text field's LIX score next to it (in its help text); return the scores."""
    scores = {
        name: score for name, score in readability.scores(texts).items() if name in form.fields
    }
    for name, score in scores.items():
        field = form.fields[name]
        field.help_text = f"{field.help_text} {score.text}".strip()
    return scores


@require_POST
@login_required
def follow(request, slug):  # grants:follow — follow or stop following, for one organisation
    scheme = selectors.access_published_scheme(slug)
    organization = selectors.access_editable_organization(
        request.user, request.POST.get("organization") or 0
    )
    if request.POST.get("stop"):
        services.scheme_unfollow(by=request.user, scheme=scheme, organization=organization)
        messages.success(
            request,
            _("%(organization)s no longer follows this scheme.") % {"organization": organization},
        )
    else:
        services.scheme_follow(by=request.user, scheme=scheme, organization=organization)
        messages.success(
            request,
            _(
                "%(organization)s follows this scheme: you get reminders 30 and 7 days "
                "before the deadline."
            )
            % {"organization": organization},
        )
    return redirect(scheme)


# -- the eligibility helper ----------------------------------------------------------------------


def helper(request):  # grants:helper — a GET form; public
    municipalities = municipalities_by_name()
    organizations = list(organizations_of(request.user)) if request.user.is_authenticated else []
    organization = None
    if organizations:
        wanted = request.GET.get("organization")
        organization = next((o for o in organizations if str(o.pk) == wanted), organizations[0])
    country = _helper_country(request, organization)
    asked = "asked" in request.GET
    if asked:
        form = HelperForm(request.GET, municipalities=municipalities, country=country)
    else:
        initial = {}
        if organization is not None:
            initial = HelperForm.initial_from(selectors.answers_for_organization(organization))
        form = HelperForm(initial=initial, municipalities=municipalities, country=country)
    results = None
    if asked and form.is_valid():
        answers = form.answers()
        schemes = selectors.helper_schemes(answers.municipality_id, country=country)
        results = matching.match_all(schemes.order_by("name"), answers)
    return render(
        request,
        "grants/helper.html",
        {
            "form": form,
            "results": results,
            "organization": organization,
            "organizations": organizations,
            "country": country,
            "other_country": DENMARK if country == NORWAY else NORWAY,
        },
    )


def _helper_country(request, organization) -> str:
    """The country whose schemes and questions the helper uses: the organisation's; else the
    one asked for (`?country=DK`); else the active municipality's; else Norway."""
    if organization is not None:
        return organization.country
    asked = request.GET.get("country")
    if asked in (NORWAY, DENMARK):
        return asked
    municipality = request.tenant.municipality
    return municipality.country if municipality is not None else NORWAY


def before_you_apply(request):  # grants:before — public: what to have ready (R60)
    schemes = selectors.catalogue_schemes(request.user, published_only=True).order_by("name")
    return render(request, "grants/before_you_apply.html", {"needs": checklist.needs(schemes)})


# -- the deadline calendar -----------------------------------------------------------------------


# The month view shows this many years either side of today; a month further away (9999-12,
# 0001-01) gets a message and this month instead of a calendar that cannot be drawn.
DEADLINE_YEARS_AROUND = 50


def _month(value: str | None, today: date) -> tuple[date, str]:
    """The month asked for (`YYYY-MM`) and an error to show, or this month when it is missing,
    malformed (quietly) or out of range (with the error)."""
    this_month = today.replace(day=1)
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        asked = date(year, month, 1)
    except ValueError:
        return this_month, ""
    first_year, last_year = today.year - DEADLINE_YEARS_AROUND, today.year + DEADLINE_YEARS_AROUND
    if not first_year <= asked.year <= last_year:
        error = _(
            "The deadline calendar goes from %(first)d to %(last)d. This month is shown instead."
        ) % {"first": first_year, "last": last_year}
        return this_month, error
    return asked, ""


def deadline_calendar(request):  # grants:deadlines — month or list; public
    today = timezone.localdate()
    view = "list" if request.GET.get("view") == "list" else "month"
    month, month_error = _month(request.GET.get("month"), today)
    filterset = DeadlineFilter(
        request.GET or None,
        queryset=selectors.catalogue_schemes(request.user, published_only=True),
    )
    schemes = list(filterset.qs.order_by("name"))
    organization = None
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("fits"):
        organizations = (
            list(organizations_of(request.user)) if request.user.is_authenticated else []
        )
        if organizations:
            organization = organizations[0]
            answers = selectors.answers_for_organization(organization)
            schemes = [
                s for s in schemes if matching.match(s, answers).verdict != matching.DOES_NOT_FIT
            ]
    if view == "list":
        start, end = today, today + timedelta(days=366)
    else:
        start = month
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    found = selectors.deadlines_between(schemes, start, end)
    context = {
        "filter": filterset,
        "view": view,
        "month": month,
        "month_error": month_error,
        "previous_month": (month - timedelta(days=1)).replace(day=1),
        "next_month": (month + timedelta(days=32)).replace(day=1),
        "deadlines": found,
        "organization": organization,
        "today": today,
    }
    if view == "list":
        page = Paginator(found, 25).get_page(request.GET.get("page"))
        context.update(page_obj=page, deadlines=page.object_list)
    else:
        by_day: dict[date, list] = {}
        for item in found:
            by_day.setdefault(item["date"], []).append(item)
        first = month - timedelta(days=month.weekday())
        last_day = end + timedelta(days=6 - end.weekday())
        days = [
            {
                "date": first + timedelta(days=n),
                "deadlines": by_day.get(first + timedelta(days=n), []),
                "in_month": (first + timedelta(days=n)).month == month.month,
                "is_today": first + timedelta(days=n) == today,
            }
            for n in range((last_day - first).days + 1)
        ]
        context["weeks"] = [days[i : i + 7] for i in range(0, len(days), 7)]
        context["weekday_names"] = days[:7]
    return render(request, "grants/deadlines.html", context)


# -- the organisation's tracker -------------------------------------------------------------------


class ApplicationListView(LoginRequiredMixin, FilterView):
    filterset_class = ApplicationFilter
    template_name = "grants/application_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.application_list(
            selectors.own_applications(self.request.user), today=timezone.localdate()
        ).order_by("-created_at")

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "schemes": selectors.published_schemes().order_by("name"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("grants.start_application")
        return context


class ApplicationCreateView(LoginRequiredMixin, View):
    template_name = "grants/application_form.html"

    def _form(self, data=None):
        organizations = selectors.editable_organizations(self.request.user)
        if not organizations.exists():
            raise PermissionDenied
        initial = {}
        scheme = selectors.published_schemes().filter(slug=self.request.GET.get("scheme")).first()
        if scheme:
            initial = {"scheme": scheme, "title": scheme.name, "currency": scheme.currency}
        return ApplicationCreateForm(
            data,
            initial=initial,
            organizations=organizations,
            schemes=selectors.schemes_visible_to(self.request.user).order_by("name"),
        )

    def get(self, request):
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            organization, scheme = data.pop("organization"), data.pop("scheme")
            with errors_to_form(form):
                application = services.application_create(
                    by=request.user, organization=organization, scheme=scheme, fields=data
                )
                messages.success(request, _("The application is in your tracker."))
                return redirect(application)
        return render(request, self.template_name, {"form": form}, status=400)


def _application_context(request, application, **forms) -> dict:
    user = request.user
    can_change = user.has_perm("grants.change_application", application)
    can_comment = user.has_perm("grants.comment_draft", application)
    sees_draft = user.has_perm("grants.view_draft", application)
    sections = application.sections() if sees_draft else []
    all_comments = list(application.draft_comments.all()) if sees_draft else []
    comments = [c for c in all_comments if c.version == application.draft_version]
    for section in sections:
        section["comments"] = [c for c in comments if c.section == section["number"]]
    earlier = []
    for version in application.draft_versions.all() if sees_draft else []:
        on_it = [c for c in all_comments if c.version == version.number]
        version_sections = version.sections()
        for section in version_sections:
            section["comments"] = [c for c in on_it if c.section == section["number"]]
        earlier.append(
            {
                "version": version,
                "sections": version_sections,
                "general_comments": [c for c in on_it if c.section is None],
            }
        )
    context = {
        "application": application,
        "can_change": can_change,
        "can_comment": can_comment,
        "can_reply": user.has_perm("grants.reply_draft_comment", application),
        "reply_form": forms.get("reply_form"),
        "reply_to": forms.get("reply_to"),
        "sees_draft": sees_draft,
        "sections": sections,
        "earlier_versions": earlier,
        "general_comments": [c for c in comments if c.section is None],
        "open_comments": sum(1 for c in comments if c.resolved_at is None),
        "checklist": list(application.checklist.all()),
        "attachments": list(application.attachments.all()) if sees_draft or can_change else [],
    }
    if can_change:
        context["status_form"] = forms.get("status_form") or StatusForm(application=application)
        context["attachment_form"] = forms.get("attachment_form") or AttachmentForm()
        context["share_form"] = forms.get("share_form") or ShareForm(
            initial={"municipality": application.shared_with},
            municipalities=application.organization.municipalities.all(),
        )
    if can_comment:
        context["comment_form"] = forms.get("comment_form") or CommentForm(sections=sections)
    return context


def application_detail(request, pk):  # grants:application
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    application = selectors.access_application(request.user, pk)
    return render(
        request, "grants/application_detail.html", _application_context(request, application)
    )


def _editable(request, pk) -> Application:
    """An application the user keeps; 403 for one they may only read."""
    application = selectors.access_application(request.user, pk)
    if not request.user.has_perm("grants.change_application", application):
        raise PermissionDenied
    return application


class ApplicationEditView(LoginRequiredMixin, View):
    template_name = "grants/application_form.html"

    def get(self, request, pk):
        application = _editable(request, pk)
        form = ApplicationForm(instance=application)
        return render(request, self.template_name, {"form": form, "application": application})

    def post(self, request, pk):
        application = _editable(request, pk)
        form = ApplicationForm(request.POST, instance=application)
        if form.is_valid():
            with errors_to_form(form):
                services.application_update(
                    by=request.user, application=application, fields=form.cleaned_data
                )
                messages.success(request, _("The application is saved."))
                return redirect(application)
        return render(
            request, self.template_name, {"form": form, "application": application}, status=400
        )


@require_POST
@login_required
def application_status(request, pk):  # grants:status
    application = _editable(request, pk)
    form = StatusForm(request.POST, application=application)
    # The status is checked by the service against the allowed transitions, with its message.
    form.fields["status"].choices = Application.Status.choices
    if form.is_valid():
        with errors_to_form(form):
            application = services.application_set_status(
                by=request.user,
                application=application,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                amount_granted=form.cleaned_data["amount_granted"],
                report_due_on=form.cleaned_data["report_due_on"],
            )
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": application.get_status_display()},
            )
            return redirect(application)
    messages.error(request, _("The status is not changed. See the form below."))
    return render(
        request,
        "grants/application_detail.html",
        _application_context(request, application, status_form=form),
        status=400,
    )


@require_POST
@login_required
def checklist_tick(request, pk, item_id):  # grants:tick
    application = _editable(request, pk)
    item = selectors.access_checklist_item(application, item_id)
    services.application_tick(by=request.user, item=item, done=request.POST.get("done") == "1")
    return redirect(f"{application.get_absolute_url()}#checklist")


@require_POST
@login_required
def attachment_add(request, pk):  # grants:attachment_add
    application = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                by=request.user,
                application=application,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(f"{application.get_absolute_url()}#attachments")
    return render(
        request,
        "grants/application_detail.html",
        _application_context(request, application, attachment_form=form),
        status=400,
    )


@login_required
def attachment(request, pk, attachment_id):  # grants:attachment — not a public file
    application = selectors.access_application(request.user, pk)
    context = _application_context(request, application)
    found = next((a for a in context["attachments"] if a.pk == attachment_id), None)
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
def attachment_delete(request, pk, attachment_id):  # grants:attachment_delete — asks first
    application = _editable(request, pk)
    found = selectors.access_application_attachment(application, attachment_id)
    if request.method != "POST":
        return render(
            request,
            "grants/confirm_delete.html",
            {"thing": found.name, "back": application.get_absolute_url()},
        )
    services.attachment_delete(by=request.user, attachment=found)
    messages.success(request, _("The file is removed."))
    return redirect(application)


@login_required
def application_delete(request, pk):  # grants:delete — asks first
    application = _editable(request, pk)
    if request.method != "POST":
        return render(
            request,
            "grants/confirm_delete.html",
            {"thing": application.title, "back": application.get_absolute_url()},
        )
    services.application_delete(by=request.user, application=application)
    messages.success(request, _("The application is deleted."))
    return redirect("grants:applications")


# -- draft review ---------------------------------------------------------------------------------


class DraftView(LoginRequiredMixin, View):
    template_name = "grants/draft_form.html"

    def get(self, request, pk):
        application = _editable(request, pk)
        return render(
            request,
            self.template_name,
            {"form": DraftForm(instance=application), "application": application},
        )

    def post(self, request, pk):
        application = _editable(request, pk)
        form = DraftForm(request.POST, request.FILES, instance=application)
        if form.is_valid():
            with errors_to_form(form):
                services.application_save_draft(
                    by=request.user,
                    application=application,
                    text=form.cleaned_data["draft_text"],
                    new_version=form.cleaned_data["new_version"],
                    file=form.cleaned_data["file"],
                )
                messages.success(request, _("The draft is saved."))
                return redirect(f"{application.get_absolute_url()}#draft")
        return render(
            request, self.template_name, {"form": form, "application": application}, status=400
        )


@require_POST
@login_required
def draft_share(request, pk):  # grants:share
    application = _editable(request, pk)
    form = ShareForm(request.POST, municipalities=application.organization.municipalities.all())
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        with errors_to_form(form):
            services.application_share_draft(
                by=request.user,
                application=application,
                municipality=municipality,
                now=timezone.now(),
            )
            if municipality:
                messages.success(
                    request,
                    _("The draft is shared with the coordinators of %(name)s.")
                    % {"name": municipality},
                )
            else:
                messages.success(request, _("The draft is no longer shared."))
            return redirect(f"{application.get_absolute_url()}#draft")
    return render(
        request,
        "grants/application_detail.html",
        _application_context(request, application, share_form=form),
        status=400,
    )


@require_POST
@login_required
def comment_add(request, pk):  # grants:comment
    application = selectors.access_application(request.user, pk)
    if not request.user.has_perm("grants.comment_draft", application):
        raise PermissionDenied
    form = CommentForm(request.POST, sections=application.sections())
    if form.is_valid():
        with errors_to_form(form):
            services.draft_comment_add(
                by=request.user,
                application=application,
                section=form.cleaned_data["section"],
                body=form.cleaned_data["body"],
                now=timezone.now(),
            )
            messages.success(request, _("Your comment is sent to the organisation."))
            return redirect(f"{application.get_absolute_url()}#draft")
    return render(
        request,
        "grants/application_detail.html",
        _application_context(request, application, comment_form=form),
        status=400,
    )


@require_POST
@login_required
def comment_reply(request, pk, comment_id):  # grants:reply — the thread goes both ways
    application = selectors.access_application(request.user, pk)
    if not request.user.has_perm("grants.reply_draft_comment", application):
        raise PermissionDenied
    comment = selectors.access_draft_comment(application, comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        with errors_to_form(form):
            services.draft_comment_reply(
                by=request.user, comment=comment, body=form.cleaned_data["body"], now=timezone.now()
            )
            messages.success(request, _("Your answer is sent."))
            return redirect(f"{application.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "grants/application_detail.html",
        _application_context(request, application, reply_form=form, reply_to=comment.pk),
        status=400,
    )


@require_POST
@login_required
def comment_resolve(request, pk, comment_id):  # grants:resolve
    application = _editable(request, pk)
    comment = selectors.access_draft_comment(application, comment_id)
    resolved = request.POST.get("resolved") != "0"
    services.draft_comment_resolve(
        by=request.user, comment=comment, now=timezone.now(), resolved=resolved
    )
    messages.success(request, _("Marked as resolved.") if resolved else _("Opened again."))
    return redirect(f"{application.get_absolute_url()}#draft")


# -- the coordinator's overview -------------------------------------------------------------------


class OverviewView(LoginRequiredMixin, FilterView):
    """Who applied for what in the municipality, and the totals (never private applications)."""

    filterset_class = ApplicationFilter
    template_name = "grants/overview.html"
    paginate_by = 25

    def get_queryset(self):
        self.municipality = _coordinated_municipality(self.request, "grants.view_overview")
        return selectors.application_list(
            selectors.overview_for(self.municipality), today=timezone.localdate()
        ).order_by("organization__name", "-created_at")

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "schemes": selectors.schemes_visible_to(self.request.user).order_by("name"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipality"] = self.municipality
        context["currency"] = currency_for(self.municipality.country)
        context["totals"] = selectors.overview_totals(
            self.object_list, currency=context["currency"]
        )
        context["shared_drafts"] = selectors.shared_drafts_for(self.request.user).order_by(
            "-shared_at"
        )[:20]
        return context


# -- help slots ---------------------------------------------------------------------------------


class HelpSlotListView(LoginRequiredMixin, TemplateView):
    template_name = "grants/help_slots.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        slots = (
            selectors.help_slots_visible_to(user)
            .filter(starts_at__gte=timezone.now() - timedelta(hours=2))
            .order_by("starts_at")
        )
        page = Paginator(slots, 25).get_page(self.request.GET.get("page"))
        organizations = selectors.editable_organizations(user)
        context.update(
            page_obj=page,
            slots=page.object_list,
            can_publish=user.has_perm("grants.manage_help_slots", self.request.tenant.municipality),
            book_form=BookForm(organizations=organizations) if organizations.exists() else None,
        )
        for slot in page.object_list:
            slot.sees_booking = user.has_perm("grants.cancel_help_booking", slot)
            slot.can_remove = user.has_perm("grants.change_help_slot", slot)
        return context


def _grant_meetings(municipality):
    return grant_information_meetings(municipality, now=timezone.now())


class HelpSlotCreateView(LoginRequiredMixin, View):
    template_name = "grants/help_slot_form.html"

    def get(self, request):
        municipality = _coordinated_municipality(request, "grants.manage_help_slots")
        initial = {}
        meeting = _grant_meetings(municipality).filter(pk=request.GET.get("meeting") or 0).first()
        if meeting:
            initial = {"meeting": meeting, "starts_at": timezone.localtime(meeting.ends_at)}
        form = HelpSlotForm(initial=initial, meetings=_grant_meetings(municipality))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        municipality = _coordinated_municipality(request, "grants.manage_help_slots")
        form = HelpSlotForm(request.POST, meetings=_grant_meetings(municipality))
        if form.is_valid():
            with errors_to_form(form):
                services.help_slot_create(
                    by=request.user,
                    municipality=municipality,
                    fields=form.cleaned_data,
                    now=timezone.now(),
                )
                messages.success(request, _("The help time is published."))
                return redirect("grants:help")
        return render(request, self.template_name, {"form": form}, status=400)


@require_POST
@login_required
def help_slot_book(request, pk):  # grants:book
    slot = selectors.access_help_slot(request.user, pk)
    form = BookForm(request.POST, organizations=selectors.editable_organizations(request.user))
    if not form.is_valid():
        if "organization" in form.errors:
            messages.error(request, _("Choose your organisation."))
        for error in form.errors.get("interpreter_language", []):
            messages.error(request, error)
        return redirect("grants:help")
    with errors_to_messages(request):
        services.help_slot_book(
            by=request.user,
            slot=slot,
            organization=form.cleaned_data["organization"],
            topic=form.cleaned_data["topic"],
            interpreter_language=form.cleaned_data["interpreter_language"],
            now=timezone.now(),
        )
        messages.success(request, _("The help time is booked for you."))
    return redirect("grants:help")


@login_required
def help_slot_cancel(request, pk):  # grants:cancel_booking — asks first
    slot = selectors.access_help_slot(request.user, pk)
    if not slot.is_booked or not request.user.has_perm("grants.cancel_help_booking", slot):
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            "grants/confirm_delete.html",
            {"thing": _("the booking"), "back": reverse("grants:help"), "cancel": True},
        )
    services.help_slot_cancel_booking(by=request.user, slot=slot)
    messages.success(request, _("The booking is cancelled."))
    return redirect("grants:help")


@login_required
def help_slot_delete(request, pk):  # grants:delete_slot — asks first
    slot = selectors.access_help_slot(request.user, pk)
    if not request.user.has_perm("grants.change_help_slot", slot):
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            "grants/confirm_delete.html",
            {"thing": _("the help time"), "back": reverse("grants:help")},
        )
    services.help_slot_delete(by=request.user, slot=slot)
    messages.success(request, _("The help time is removed."))
    return redirect("grants:help")
