"""The meeting calendar: calendars, a meeting and its answers, the form, the planner, venues and
calendar feeds. Thin: parse, check permission, call a service or a selector, render."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.page_cache import public_page
from accounts.selectors import access_municipality
from accounts.site import absolute_url
from agreements.selectors import access_agreement
from core import signed_links
from core.forms import apply_errors
from core.navigation import address_of_pk
from core.signed_links import REFUSAL_STATUS
from core.time import OSLO
from core.views import confirm_then, errors_to_form, errors_to_messages
from meetings import answer_links, planner, services
from meetings.filters import MeetingFilter, PublicMeetingFilter, organizer_value
from meetings.forms import (
    POLL_DURATION_CHOICES,
    AgendaTemplatesForm,
    AnswerForm,
    AttendanceForm,
    CancelForm,
    GroupMemberForm,
    LogisticsForm,
    MeetingForm,
    MinutesForm,
    OpeningFormSet,
    PlannerForm,
    RegisterForm,
    TimePollAnswerForm,
    TimePollDecideForm,
    TimePollForm,
    VenueForm,
)
from meetings.ical import activity_events, calendar_for
from meetings.models import Kind, Meeting, Participation, TimePoll
from meetings.selectors import (
    access_coordinating_group,
    access_group_member,
    access_meeting,
    access_meeting_of_participation,
    access_own_group_membership,
    access_public_meeting,
    access_time_poll,
    access_venue,
    agenda_days_before,
    agenda_templates_of,
    answer_link_target,
    busy_times_of,
    feed_by_token,
    group_candidates,
    group_members_of,
    in_range,
    logistics_of,
    meetings_for_feed,
    meetings_of_organization,
    meetings_of_user,
    meetings_visible_to,
    municipalities_with_public_events,
    municipality_by_slug,
    participations_for,
    public_meetings,
    published,
    time_poll_link_target,
    time_poll_tally,
    time_polls_open_for,
    venues_visible_to,
    venues_with_counts,
)
from organizations.selectors import (
    access_organization_kept_by,
    access_organization_of,
    activities_visible_to,
    organizations_kept_by,
    organizations_of,
    public_activity_occurrences,
    public_activity_schedules,
)

CALENDAR_VIEWS = ("month", "week", "list")
FEED_DAYS_BACK = 90
FEED_DAYS_AHEAD = 365
# Where the services' field names appear in the meeting form.
MEETING_FORM_FIELDS = {
    "starts_at": "start_time",
    "ends_at": "end_time",
    "frequency": "repeat",
    "reminder_minutes": "reminders",
    "municipality": "organizer",
    "organizer_organization": "organizer",
}


def _is_about_fields(form, error: ValidationError) -> bool:
    """Whether every message of the error belongs next to a field of this form. Other errors
    (the meeting is cancelled, is over) become a message on the page the form is on."""
    return hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=OSLO)


# -- calendars ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days a calendar page shows, and where its previous and next links go."""

    view: str
    anchor: date
    first: date
    last: date  # inclusive
    previous: date
    next: date

    @classmethod
    def of(cls, view: str, anchor: date) -> Period:
        if view == "week":
            monday = anchor - timedelta(days=anchor.weekday())
            return cls(
                view,
                anchor,
                monday,
                monday + timedelta(days=6),
                monday - timedelta(days=7),
                monday + timedelta(days=7),
            )
        month_start = anchor.replace(day=1)
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        previous_month = (month_start - timedelta(days=1)).replace(day=1)
        if view == "month":
            weeks = calendar.Calendar().monthdatescalendar(anchor.year, anchor.month)
            first, last = weeks[0][0], weeks[-1][-1]
        else:
            first, last = month_start, next_month - timedelta(days=1)
        return cls(view, anchor, first, last, previous_month, next_month)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def _anchor_date(value: str | None, today: date) -> date:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if 1900 < day.year < 2200 else today


def _organizer_choices(
    shown: QuerySet[Meeting], meetings: QuerySet[Meeting], selected: str
) -> list[tuple[str, str]]:
    """Everyone who organises a meeting in the period shown (one query over that period, not
    over every meeting ever), and the organiser chosen in the URL if they organise any meeting
    of this calendar (one more query, only then), so that moving to a month they have nothing
    in keeps the choice."""
    rows = (
        shown.order_by()
        .values_list(
            "municipality_id",
            "municipality__name",
            "organizer_organization_id",
            "organizer_organization__name",
        )
        .distinct()
    )
    choices = {
        organizer_value(municipality_id, organization_id): organization_name or municipality_name
        for municipality_id, municipality_name, organization_id, organization_name in rows
    }
    if selected and selected not in choices and re.fullmatch(r"[mo][0-9]{1,18}", selected):
        theirs = MeetingFilter.filter_organizer(None, meetings, "organizer", selected)
        name = (
            theirs.order_by()
            .values_list("organizer_organization__name", "municipality__name")
            .first()
        )
        if name:
            choices[selected] = name[0] or name[1]
    return sorted(choices.items(), key=lambda choice: choice[1].lower())


class CalendarView(TemplateView):
    """Month, week or list of the meetings that `meetings()` returns, with filters."""

    template_name = "meetings/calendar.html"
    default_view = "month"
    paginate_by = 25
    filterset_class = MeetingFilter

    def activities(self, period: Period, filterset) -> list:
        """Other things to show on the days (the public calendar: organisations' activities)."""
        return []

    def includes_activities(self, filterset) -> bool:
        """Whether the visitor asked for organisations' activities too (the captions say so)."""
        return False

    def meetings(self) -> QuerySet[Meeting]:
        raise NotImplementedError

    def heading(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        view = self.request.GET.get("view")
        view = view if view in CALENDAR_VIEWS else self.default_view
        period = Period.of(view, _anchor_date(self.request.GET.get("date"), today))
        base = self.meetings()
        shown = in_range(base, _start_of(period.first), _start_of(period.last + timedelta(1)))
        filterset = self.filterset_class(
            self.request.GET or None,
            queryset=shown,
            organizers=_organizer_choices(shown, base, self.request.GET.get("organizer", "")),
        )
        context.update(
            heading=self.heading(),
            period=period,
            today=today,
            filter=filterset,
            view=view,
            views=[
                ("month", _("Month")),
                ("week", _("Week")),
                ("list", _("List")),
            ],
        )
        activities = self.activities(period, filterset)
        context["with_activities"] = self.includes_activities(filterset)
        if view == "list":
            page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
            context.update(page_obj=page, meetings=page.object_list)
            if activities:
                context["activity_page"] = Paginator(activities, self.paginate_by).get_page(
                    self.request.GET.get("activity_page")
                )
            return context
        # A month shows hundreds of links: each address is built from one reverse() per kind,
        # and the cells are written in the page's template, not an include per link.
        meeting_url = address_of_pk("meetings:detail")
        activity_url = address_of_pk("organizations:activity")
        activities_by_day: dict[date, list] = {}
        for occurrence in activities:
            activities_by_day.setdefault(occurrence.day, []).append(
                (occurrence, activity_url(occurrence.activity.pk))
            )
        by_day: dict[date, list[Meeting]] = {}
        for meeting in filterset.qs:
            meeting.calendar_url = meeting_url(meeting.pk)
            by_day.setdefault(timezone.localtime(meeting.starts_at, OSLO).date(), []).append(
                meeting
            )
        days = [
            {
                "date": day,
                "meetings": by_day.get(day, []),
                "activities": activities_by_day.get(day, []),
                "is_today": day == today,
                "in_period": view == "week" or day.month == period.anchor.month,
            }
            for day in period.days
        ]
        context["days"] = days
        context["weeks"] = [days[i : i + 7] for i in range(0, len(days), 7)]
        context["weekday_names"] = days[:7]
        return context


class MyCalendarView(LoginRequiredMixin, CalendarView):
    def meetings(self):
        return meetings_of_user(self.request.user)

    def heading(self):
        return _("My calendar")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_plan"] = self.request.user.has_perm("meetings.plan_meetings")
        context["can_poll"] = self.request.user.has_perm(
            "meetings.change_time_poll", TimePoll(municipality=self.request.tenant.municipality)
        )
        context["time_polls"] = list(time_polls_open_for(self.request.user)[:10])
        context["is_mine"] = True
        context["organizations"] = list(organizations_of(self.request.user))
        return context


class OrganizationCalendarView(LoginRequiredMixin, CalendarView):
    """For the organisation's members: what it is invited to and what it organises."""

    def meetings(self):
        self.organization = access_organization_of(self.request.user, self.kwargs["pk"])
        return meetings_of_organization(self.organization)

    def heading(self):
        return _("Calendar of %(name)s") % {"name": self.organization.name}


class MunicipalityCalendarView(LoginRequiredMixin, CalendarView):
    """For the municipality's coordinators and caseworkers: every meeting in it."""

    def meetings(self):
        self.municipality = access_municipality(self.request.user, self.kwargs["slug"])
        return meetings_visible_to(self.request.user).filter(municipality=self.municipality)

    def heading(self):
        return _("Calendar of %(name)s") % {"name": self.municipality.name}


CALENDAR_FIELDS = (
    *("title", "kind", "status", "starts_at", "ends_at", "capacity", "is_public"),
    *("venue", "venue__name", "venue__room"),
    *("organizer_organization", "organizer_organization__name"),
    *("municipality", "municipality__name"),
)


@method_decorator(public_page("events"), name="dispatch")
class PublicCalendarView(CalendarView):
    """Open events, for everyone."""

    default_view = "list"
    filterset_class = PublicMeetingFilter

    def meetings(self):
        # What the month, week and list show of a meeting, and no more: a month has hundreds,
        # and their texts, answers and organisers' whole profiles were read for nothing.
        return public_meetings().only(*CALENDAR_FIELDS)

    def activities(self, period, filterset):
        wanted = filterset.wanted_activities()
        if wanted is None:
            return []
        return public_activity_occurrences(period.first, period.last, **wanted)

    def includes_activities(self, filterset):
        return filterset.wanted_activities() is not None

    def heading(self):
        return _("Events")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["public_feeds"] = [
            (_("All events"), absolute_url(reverse("meetings:public_feed"))),
            (
                _("All events and organisations' activities"),
                absolute_url(reverse("meetings:public_feed")) + "?activities=1",
            ),
        ]
        context["public_feeds"] += [
            (
                municipality.name,
                absolute_url(
                    reverse("meetings:municipality_public_feed", args=[municipality.slug])
                ),
            )
            for municipality in municipalities_with_public_events()
        ]
        return context


# -- one meeting ----------------------------------------------------------------------------------


def _visible_meeting(request, pk: int) -> Meeting:
    """The meeting, if this person may see it. Signed-out visitors who follow a link to a meeting
    that is not public are asked to sign in (whether or not it exists)."""
    try:
        return access_meeting(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            raise _SignIn from None
        raise


class _SignIn(Exception):
    pass


def _detail_context(request, meeting: Meeting, **bound) -> dict:
    """Everything the meeting page shows; `bound` holds forms with errors to show again."""
    user = request.user
    now = timezone.now()
    can_change = user.has_perm("meetings.change_meeting", meeting)
    participations = list(meeting.participations.all())
    is_open = meeting.status == Meeting.Status.SCHEDULED and meeting.ends_at >= now
    answer_forms = []
    registration = None
    if user.is_authenticated:
        for participation in participations_for(user, meeting):
            form = bound.get(f"answer_{participation.pk}") or AnswerForm(
                prefix=f"p{participation.pk}",
                initial={
                    "response": participation.response
                    if participation.response != Participation.Response.PENDING
                    else None,
                    "party_size": participation.party_size,
                },
            )
            answer_forms.append((participation, form))
        registration = next(
            (p for p in participations if p.user_id == user.pk and not p.organization_id), None
        )
    counting = [p for p in participations if p.counts_towards_capacity]
    seats_taken = sum(p.party_size for p in counting)
    counts = {
        "yes": sum(p.party_size for p in counting if p.response == Participation.Response.YES),
        "maybe": sum(p.party_size for p in counting if p.response == Participation.Response.MAYBE),
        "no": sum(1 for p in participations if p.response == Participation.Response.NO),
        "pending": sum(1 for p in participations if p.response == Participation.Response.PENDING),
        "waitlisted": sum(1 for p in participations if p.waitlisted),
    }
    context = {
        "meeting": meeting,
        "can_change": can_change,
        "is_open": is_open,
        "answer_forms": answer_forms if is_open else [],
        "registration": registration,
        "register_form": bound.get("register") or RegisterForm(),
        "show_minutes": bool(meeting.minutes) and user.has_perm("meetings.view_minutes", meeting),
        "seats_taken": seats_taken,
        "seats_left": max(meeting.capacity - seats_taken, 0) if meeting.capacity else None,
        "has_started": meeting.starts_at <= now,
    }
    if can_change:
        context.update(
            participations=sorted(participations, key=lambda p: str(p.organization or p.user)),
            counts=counts,
            attendance_form=bound.get("attendance")
            or AttendanceForm(participations=participations),
            minutes_form=bound.get("minutes")
            or MinutesForm(initial={"agenda": meeting.agenda, "minutes": meeting.minutes}),
            logistics=logistics_of(meeting),
        )
    return context


def _render_detail(request, meeting: Meeting, status: int = 200, **bound) -> HttpResponse:
    return render(
        request,
        "meetings/meeting_detail.html",
        _detail_context(request, meeting, **bound),
        status=status,
    )


@require_safe
def detail(request, pk):  # meetings:detail
    try:
        meeting = _visible_meeting(request, pk)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    return _render_detail(request, meeting)


@require_safe
def ics(request, pk):  # meetings:ics
    """The meeting (for a series: the series as this person sees it) as an .ics file."""
    try:
        meeting = _visible_meeting(request, pk)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    meetings = [meeting]
    if meeting.series_id:
        meetings = list(
            meetings_visible_to(request.user)
            .filter(series=meeting.series_id)
            .select_related("venue", "series")
        )
    response = HttpResponse(
        calendar_for(meetings, name=meeting.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _save_place(request, meeting, form, save, *, full: str, done: str) -> HttpResponse | None:
    """An answer to an invitation or a sign-up for an event: `save` calls the service once the
    form is valid. Gives the redirect to the meeting (with a message: saved, on the waiting list
    `full`, or why not), or None when the form is to be shown again with its errors."""
    if not form.is_valid():
        return None
    try:
        participation = save()
    except ValidationError as error:
        if not _is_about_fields(form, error):
            messages.error(request, " ".join(error.messages))
            return redirect(meeting)
        apply_errors(form, error)
        return None
    if participation.waitlisted:
        messages.warning(request, full)
    else:
        messages.success(request, done)
    return redirect(meeting)


@require_POST
@login_required
def answer(request, pk):  # meetings:answer, pk of the participation
    meeting = access_meeting_of_participation(request.user, pk)
    participation = next(p for p in meeting.participations.all() if p.pk == pk)
    form = AnswerForm(request.POST, prefix=f"p{pk}")
    saved = _save_place(
        request,
        meeting,
        form,
        lambda: services.participation_answer(
            by=request.user,
            participation=participation,
            response=form.cleaned_data["response"],
            party_size=form.cleaned_data["party_size"],
        ),
        full=_(
            "The meeting is full: you are on the waiting list. "
            "We e-mail you when a place becomes free."
        ),
        done=_("Your answer is saved."),
    )
    if saved:
        return saved
    meeting = access_meeting(request.user, meeting.pk)  # reloaded with the answer
    return _render_detail(request, meeting, **{f"answer_{pk}": form})


# -- answering through a signed link, without signing in -----------------------------------------

LINK_REFUSALS = {
    "tampered": (
        REFUSAL_STATUS["tampered"],
        _lazy("This answer link is not valid"),
        _lazy(
            "The link has been changed or cut short. Open it again from the e-mail, "
            "or sign in and answer on the meeting's page."
        ),
    ),
    "expired": (
        REFUSAL_STATUS["expired"],
        _lazy("This answer link is too old"),
        _lazy(
            "Answer links work for a limited time. Use the link in the latest e-mail about "
            "the meeting, or sign in and answer on the meeting's page."
        ),
    ),
    "cancelled": (
        410,
        _lazy("This meeting is cancelled"),
        _lazy("The meeting has been cancelled, so there is nothing to answer."),
    ),
    "over": (
        410,
        _lazy("This meeting is over"),
        _lazy("The meeting has already taken place, so the answer can no longer be changed."),
    ),
    "not_invited": (
        403,
        _lazy("This link no longer works for you"),
        _lazy(
            "You can no longer answer for this invitation (for example because you are no "
            "longer the organisation's contact person). Ask the organiser."
        ),
    ),
}


def _link_refused(request, reason: str) -> HttpResponse:
    return signed_links.refused_response(request, LINK_REFUSALS, reason)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer_link(request, pk, person, signature):  # meetings:answer_link — no sign-in needed
    """One invitation, answered by the person the link was e-mailed to. The answer goes through
    `participation_answer` as that person, exactly as if they had signed in."""
    try:
        participation, invitee = signed_links.open_link(
            answer_links.ANSWER, pk, person, signature, answer_link_target
        )
    except signed_links.LinkRefused as refused:
        return _link_refused(request, refused.reason)
    meeting = participation.meeting
    if meeting.is_draft:  # no invitation has gone out: no link can be genuine
        return _link_refused(request, "tampered")
    if meeting.is_cancelled:
        return _link_refused(request, "cancelled")
    if meeting.ends_at < timezone.now():
        return _link_refused(request, "over")
    if not invitee.has_perm("meetings.answer_participation", participation):
        return _link_refused(request, "not_invited")
    saved = False
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                participation = services.participation_answer(
                    by=invitee,
                    participation=participation,
                    response=form.cleaned_data["response"],
                    party_size=form.cleaned_data["party_size"],
                )
            except ValidationError as error:
                if not _is_about_fields(form, error):
                    participation.meeting.refresh_from_db()
                    if participation.meeting.is_cancelled:
                        return _link_refused(request, "cancelled")
                    return _link_refused(request, "over")
                apply_errors(form, error)
            else:
                saved = True
    else:
        chosen = request.GET.get("answer")
        answered = participation.response != Participation.Response.PENDING
        form = AnswerForm(
            initial={
                "response": chosen
                if chosen in ("yes", "maybe", "no")
                else (participation.response if answered else None),
                "party_size": participation.party_size,
            }
        )
    response = render(
        request,
        "meetings/answer_link.html",
        {"meeting": meeting, "participation": participation, "form": form, "saved": saved},
    )
    return signed_links.private(response)


@require_POST
@login_required
def register(request, pk):  # meetings:register — sign up for a public event
    meeting = access_public_meeting(pk)
    form = RegisterForm(request.POST)
    saved = _save_place(
        request,
        meeting,
        form,
        lambda: services.public_event_register(
            by=request.user, meeting=meeting, party_size=form.cleaned_data["party_size"]
        ),
        full=_(
            "The event is full: you are on the waiting list. "
            "We e-mail you when a place becomes free."
        ),
        done=_("You are signed up."),
    )
    if saved:
        return saved
    meeting = access_meeting(request.user, meeting.pk)  # reloaded with the answer
    return _render_detail(request, meeting, register=form)


class MeetingObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The meeting (404 when the user cannot see it), then the organiser's permission."""

    permission_required = "meetings.change_meeting"

    def get_permission_object(self):
        if not hasattr(self, "meeting"):
            self.meeting = access_meeting(self.request.user, self.kwargs["pk"])
        return self.meeting


class MeetingAttendanceView(MeetingObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):  # meetings:attendance
        participations = list(self.meeting.participations.all())
        form = AttendanceForm(request.POST, participations=participations)
        if form.is_valid():
            with errors_to_messages(request):
                services.attendance_record(
                    by=request.user, meeting=self.meeting, attended=form.cleaned_data["attended"]
                )
                messages.success(request, _("Attendance is saved."))
            return redirect(self.meeting)
        return _render_detail(request, self.meeting, attendance=form)


class MeetingMinutesView(MeetingObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):  # meetings:minutes
        form = MinutesForm(request.POST)
        if form.is_valid():
            services.meeting_save_minutes(
                by=request.user,
                meeting=self.meeting,
                agenda=form.cleaned_data["agenda"],
                minutes=form.cleaned_data["minutes"],
            )
            messages.success(request, _("The agenda and minutes are saved."))
            return redirect(self.meeting)
        return _render_detail(request, self.meeting, minutes=form)


class MeetingLogisticsView(MeetingObjectMixin, View):
    """The logistics checklist (R39): room, food, agenda, interpreter, accessibility, childcare,
    materials — ticked by the organisers, who alone see it."""

    template_name = "meetings/meeting_logistics.html"

    def _render(self, request, form):
        return render(request, self.template_name, {"meeting": self.meeting, "form": form})

    def get(self, request, pk):
        items = logistics_of(self.meeting)
        return self._render(request, LogisticsForm(meeting=self.meeting, items=items))

    def post(self, request, pk):
        items = logistics_of(self.meeting)
        form = LogisticsForm(request.POST, meeting=self.meeting, items=items)
        if form.is_valid():
            with errors_to_form(form):
                services.logistics_save(
                    by=request.user, meeting=self.meeting, items=form.items_data()
                )
                messages.success(request, _("The checklist is saved."))
                return redirect(self.meeting)
        return self._render(request, form)


class MeetingCancelView(MeetingObjectMixin, View):
    """Asks first; for a series also which meetings."""

    template_name = "meetings/meeting_cancel.html"

    def get(self, request, pk):
        if self.meeting.is_cancelled:
            messages.info(request, _("This meeting is already cancelled."))
            return redirect(self.meeting)
        if self.meeting.is_draft:
            return render(request, "meetings/meeting_draft_delete.html", {"meeting": self.meeting})
        form = CancelForm(meeting=self.meeting)
        return render(request, self.template_name, {"meeting": self.meeting, "form": form})

    def post(self, request, pk):
        if self.meeting.is_draft:  # no one has heard of it: the whole draft goes
            services.meeting_cancel(by=request.user, meeting=self.meeting, scope="all")
            messages.success(request, _("The draft is deleted. No one was invited."))
            return redirect("meetings:calendar")
        form = CancelForm(request.POST, meeting=self.meeting)
        if not form.is_valid():
            return render(request, self.template_name, {"meeting": self.meeting, "form": form})
        count = services.meeting_cancel(
            by=request.user, meeting=self.meeting, scope=form.cleaned_data.get("scope", "one")
        )
        messages.success(
            request,
            ngettext(
                "%(count)d meeting is cancelled. Those invited are told by e-mail.",
                "%(count)d meetings are cancelled. Those invited are told by e-mail.",
                count,
            )
            % {"count": count},
        )
        return redirect(self.meeting)


# -- the meeting form -----------------------------------------------------------------------------


def _prefill(query) -> dict:
    """Initial values from the planner's "Choose" link."""
    initial = {}
    for param, field in [
        ("date", "date"),
        ("start", "start_time"),
        ("end", "end_time"),
        ("venue", "venue"),
        ("kind", "kind"),
        ("title", "title"),
    ]:
        if query.get(param):
            initial[field] = query[param]
    if query.getlist("organizations"):
        initial["organizations"] = query.getlist("organizations")
    return initial


class MeetingCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "meetings.plan_meetings"
    template_name = "meetings/meeting_form.html"

    def get(self, request):
        municipality = request.tenant.municipality
        initial = _prefill(request.GET)
        templates = {}
        if municipality is not None and request.user.has_perm(
            "meetings.change_meeting", Meeting(municipality=municipality)
        ):
            templates = agenda_templates_of(municipality)
            if "agenda" not in initial and initial.get("kind") in templates:
                initial["agenda"] = templates[initial["kind"]]
        form = MeetingForm(user=request.user, municipality=municipality, initial=initial)
        labels = dict(Kind.choices)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "agenda_templates": [(kind, labels[kind]) for kind in templates],
                "can_edit_agenda_templates": request.user.has_perm(
                    "meetings.edit_agenda_templates", municipality
                ),
            },
        )

    def post(self, request):
        form = MeetingForm(
            request.POST, user=request.user, municipality=request.tenant.municipality
        )
        if form.is_valid():
            draft = request.POST.get("save_as") == "draft"
            with errors_to_form(form, MEETING_FORM_FIELDS):
                meeting = services.meeting_create(
                    by=request.user, draft=draft, **form.create_kwargs()
                )
                if draft:
                    message = _(
                        "The meeting is saved as a draft. Only its organisers see it until "
                        "you publish it."
                    )
                elif form.cleaned_data["organizations"] or form.cleaned_data["invite_group"]:
                    message = _("The meeting is saved and the invitations are sent.")
                else:
                    message = _("The meeting is saved.")
                messages.success(request, message)
                return redirect(meeting)
        return render(request, self.template_name, {"form": form})


class MeetingUpdateView(MeetingObjectMixin, View):
    template_name = "meetings/meeting_form.html"

    def render_form(self, form):
        return render(
            request=self.request,
            template_name=self.template_name,
            context={"form": form, "meeting": self.meeting},
        )

    def get(self, request, pk):
        if self.meeting.is_cancelled:
            messages.info(request, _("A cancelled meeting cannot be changed."))
            return redirect(self.meeting)
        return self.render_form(MeetingForm(user=request.user, meeting=self.meeting))

    def post(self, request, pk):
        if self.meeting.is_cancelled:
            messages.info(request, _("A cancelled meeting cannot be changed."))
            return redirect(self.meeting)
        form = MeetingForm(request.POST, user=request.user, meeting=self.meeting)
        if form.is_valid():
            with errors_to_form(form, MEETING_FORM_FIELDS):
                meeting = services.meeting_update(
                    by=request.user, meeting=self.meeting, **form.update_kwargs()
                )
                messages.success(request, _("The meeting is saved."))
                return redirect(meeting)
        return self.render_form(form)


@require_POST
@login_required
def publish(request, pk):  # meetings:publish — a draft's invitations go out
    meeting = access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    with errors_to_messages(request):
        count = services.meeting_publish(by=request.user, meeting=meeting)
        messages.success(
            request,
            ngettext(
                "%(count)d meeting is published and the invitations are sent.",
                "%(count)d meetings are published and the invitations are sent.",
                count,
            )
            % {"count": count},
        )
    return redirect(meeting)


@require_POST
@login_required
def evaluation_meeting_create(request, pk):  # meetings:evaluation_create, pk of the agreement
    """Plan the evaluation meeting of an agreement; then the coordinator sets its time."""
    agreement = access_agreement(request.user, pk)
    if not request.user.has_perm("meetings.plan_evaluation_meeting", agreement):
        raise PermissionDenied
    with errors_to_messages(request):
        meeting = services.evaluation_meeting_create(by=request.user, agreement=agreement)
        messages.success(
            request,
            _(
                "The evaluation meeting is saved as a draft with the parties to invite. Check "
                "the proposed time and add a place, then publish it to send the invitations."
            ),
        )
        return redirect("meetings:edit", meeting.pk)
    return redirect(agreement)


# -- the planner ----------------------------------------------------------------------------------


def _invitees(user, organizations, first_day: date, last_day: date) -> list[planner.Invitee]:
    """Each organisation's commitments in the range: its meetings and weekly activities."""
    start, end = _start_of(first_day), _start_of(last_day + timedelta(days=1))
    weekly: dict[int, dict[int, list]] = {}
    activities = (
        activities_visible_to(user)
        .filter(organization__in=organizations, is_active=True)
        .prefetch_related("schedules")
    )
    for activity in activities:
        for slot in activity.schedules.all():
            if slot.season_end and slot.season_end < first_day:
                continue
            if slot.season_start and slot.season_start > last_day:
                continue
            weekly.setdefault(activity.organization_id, {}).setdefault(slot.weekday, []).append(
                (slot.starts_at, slot.ends_at)
            )
    busy = busy_times_of([o.pk for o in organizations], start, end)
    return [
        planner.Invitee(
            name=organization.name,
            busy=[planner.Interval(*times) for times in busy.get(organization.pk, [])],
            weekly=weekly.get(organization.pk, {}),
        )
        for organization in organizations
    ]


class PlannerView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Proposes evening and weekend times when the venues are free and the invitees are not
    busy. A GET form: works without JavaScript and can be bookmarked."""

    permission_required = "meetings.plan_meetings"
    template_name = "meetings/plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PlannerForm(
            self.request.GET or None,
            user=self.request.user,
            municipality=self.request.tenant.municipality,
        )
        context["form"] = form
        if not form.is_bound or not form.is_valid():
            return context
        data = form.cleaned_data
        venues = list(data["venues"])
        organizations = list(data["organizations"])
        proposals = planner.propose(
            first_day=data["first_day"],
            last_day=data["last_day"],
            duration=form.meeting_length,
            venues=services.venue_infos(venues, data["first_day"], data["last_day"]),
            invitees=_invitees(
                self.request.user, organizations, data["first_day"], data["last_day"]
            ),
            country=form.country,
            avoid=form.days_without_meetings,
            now=timezone.now(),
        )
        create_url = reverse("meetings:create")
        rows = []
        for proposal in proposals:
            start = timezone.localtime(proposal.start, OSLO)
            end = timezone.localtime(proposal.end, OSLO)
            query = {
                "date": start.date().isoformat(),
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
                "kind": data["kind"],
                "title": data["title"],
                "organizations": [o.pk for o in organizations],
            }
            if proposal.venue_id:
                query["venue"] = proposal.venue_id
            rows.append(
                {"proposal": proposal, "choose_url": f"{create_url}?{urlencode(query, doseq=True)}"}
            )
        context["proposals"] = rows
        context["poll_url"] = self._poll_url(data, organizations, proposals)
        return context

    def _poll_url(self, data, organizations, proposals) -> str | None:
        """The time poll (R33) prefilled with the best proposals, for a coordinator who can ask
        the organisations which of them suits; None when too few times were found."""
        municipality = self.request.tenant.municipality
        if municipality is None or len(proposals) < TimePoll.MIN_OPTIONS:
            return None
        if not self.request.user.has_perm(
            "meetings.change_time_poll", TimePoll(municipality=municipality)
        ):
            return None
        query = {"kind": data["kind"], "title": data["title"]}
        query["organizations"] = [o.pk for o in organizations]
        if str(data["duration"]) in dict(POLL_DURATION_CHOICES):
            query["duration"] = data["duration"]
        for number, proposal in enumerate(proposals[: TimePoll.PLANNER_OPTIONS], start=1):
            query[f"time_{number}"] = f"{timezone.localtime(proposal.start, OSLO):%Y-%m-%dT%H:%M}"
        return f"{reverse('meetings:poll_create')}?{urlencode(query, doseq=True)}"


# -- venues ---------------------------------------------------------------------------------------


class VenueListView(LoginRequiredMixin, ListView):
    template_name = "meetings/venue_list.html"
    context_object_name = "venues"
    paginate_by = 25

    def get_queryset(self):
        return venues_with_counts(venues_visible_to(self.request.user)).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("meetings.plan_meetings")
        return context


class VenueDetailView(LoginRequiredMixin, TemplateView):
    template_name = "meetings/venue_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        venue = access_venue(user, self.kwargs["pk"])
        bookings = list(
            venue.meetings.filter(status=Meeting.Status.SCHEDULED, ends_at__gte=timezone.now())
            .order_by("starts_at")
            .only("pk", "title", "starts_at", "ends_at")[:30]
        )
        visible = set(
            meetings_visible_to(user)
            .filter(pk__in=[b.pk for b in bookings])
            .values_list("pk", flat=True)
        )
        context.update(
            venue=venue,
            bookings=[(booking, booking.pk in visible) for booking in bookings],
            can_manage=user.has_perm("meetings.manage_venue", venue),
        )
        return context


class VenueFormMixin(LoginRequiredMixin, PermissionRequiredMixin):
    template_name = "meetings/venue_form.html"
    venue = None

    def render_form(self, form, formset):
        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, "venue": self.venue},
        )

    def get(self, request, *args, **kwargs):
        initial = [
            {"weekday": o.weekday, "opens_at": o.opens_at, "closes_at": o.closes_at}
            for o in (self.venue.openings.all() if self.venue else [])
        ]
        form = VenueForm(
            instance=self.venue, user=request.user, municipality=request.tenant.municipality
        )
        return self.render_form(form, OpeningFormSet(initial=initial, prefix="openings"))

    def post(self, request, *args, **kwargs):
        form = VenueForm(
            request.POST,
            instance=self.venue,
            user=request.user,
            municipality=request.tenant.municipality,
        )
        formset = OpeningFormSet(request.POST, prefix="openings")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_form(form, formset)
        openings = [
            {k: f.cleaned_data[k] for k in ("weekday", "opens_at", "closes_at")}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        with errors_to_form(form, {"municipality": "owner", "organization": "owner"}):
            venue = services.venue_save(
                by=request.user, venue=self.venue, fields=form.venue_fields(), openings=openings
            )
            messages.success(request, _("The venue is saved."))
            return redirect(venue)
        return self.render_form(form, formset)


class VenueCreateView(VenueFormMixin, View):
    # Coordinators and organisations' admins and contact persons; venue_save checks the owner.
    permission_required = "meetings.plan_meetings"


class VenueUpdateView(VenueFormMixin, View):
    permission_required = "meetings.manage_venue"

    def get_permission_object(self):
        self.venue = access_venue(self.request.user, self.kwargs["pk"])
        return self.venue


# -- calendar feeds -------------------------------------------------------------------------------


def _feed_links(feed) -> dict[str, str]:
    """The feed's address as the site is served (http under `make run`, https in production),
    and the same as webcal:// for calendar apps that subscribe on a click."""
    url = absolute_url(feed.get_absolute_url())
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


class FeedsView(LoginRequiredMixin, TemplateView):
    template_name = "meetings/feeds.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        feed = services.feed_for(user=user)
        organization_feeds = []
        for organization in organizations_kept_by(user):
            organization_feed = services.feed_for(organization=organization)
            organization_feeds.append(
                {
                    "organization": organization,
                    "feed": organization_feed,
                    "links": _feed_links(organization_feed),
                }
            )
        context.update(feed=feed, links=_feed_links(feed), organization_feeds=organization_feeds)
        return context


@require_POST
@login_required
def feed_regenerate(request):  # meetings:feed_regenerate — asks first, then makes a new token
    organization = None
    if request.POST.get("organization"):
        try:
            organization_pk = int(request.POST["organization"])
        except ValueError:
            raise Http404 from None
        organization = access_organization_kept_by(request.user, organization_pk)
    if "confirm" not in request.POST:
        return render(request, "meetings/feed_regenerate.html", {"organization": organization})
    if organization is not None:
        feed = services.feed_for(organization=organization)
    else:
        feed = services.feed_for(user=request.user)
    services.feed_regenerate(feed=feed)
    messages.success(
        request,
        _("There is a new secret address. Subscribe to it again: the old one no longer works."),
    )
    return redirect("meetings:feeds")


@require_POST
@login_required
def feed_digest(request):  # meetings:feed_digest
    weekly = request.POST.get("weekly_digest") == "1"
    services.feed_set_digest(feed=services.feed_for(user=request.user), weekly_digest=weekly)
    messages.success(
        request,
        _("You get an e-mail with next week's meetings every Sunday evening.")
        if weekly
        else _("You no longer get the weekly e-mail."),
    )
    return redirect("meetings:feeds")


@require_safe
def feed(request, token):  # meetings:feed — for calendar apps: no session, the token is the key
    subscription = feed_by_token(token)
    if subscription is None or (subscription.user_id and not subscription.user.is_active):
        raise Http404
    now = timezone.now()
    extra_events = []
    if subscription.user_id:
        owner = subscription.user
        meetings, name = published(meetings_of_user(owner)), owner.full_name or owner.email
    else:
        owner = subscription.organization
        meetings, name = meetings_of_organization(owner), owner.name
        # The deadlines of the grant schemes the organisation follows (grants app), all-day.
        from grants.selectors import deadline_events

        today = timezone.localdate(now)
        extra_events = deadline_events(
            owner, start=today, end=today + timedelta(days=FEED_DAYS_AHEAD), now=now
        )
    meetings = meetings_for_feed(
        meetings, now - timedelta(days=FEED_DAYS_BACK), now + timedelta(days=FEED_DAYS_AHEAD)
    )
    content = calendar_for(
        meetings,
        name=_("Brobygger: %(name)s") % {"name": name},
        now=now,
        extra_events=extra_events,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


PUBLIC_FEED_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@public_page("public-feed", conditional=True, for_everyone=True)
@require_safe
def public_feed(request, slug=None):  # meetings:public_feed, meetings:municipality_public_feed
    """The open events (of one municipality, or of all) for calendar apps, at a stable public
    address. Only what the public events page shows: no one's answers or names. The calendar is
    the same bytes until an event changes, so its hash is an ETag (a 304 saves the download)."""
    meetings = public_meetings()
    name = _("Brobygger: events")
    municipality = None
    if slug is not None:
        municipality = municipality_by_slug(slug)
        if municipality is None:
            raise Http404
        meetings = meetings.filter(municipality=municipality)
        name = _("Brobygger: events in %(name)s") % {"name": municipality.name}
    now = timezone.now()
    rows = list(
        meetings_for_feed(
            meetings, now - timedelta(days=FEED_DAYS_BACK), now + timedelta(days=FEED_DAYS_AHEAD)
        )
    )
    # DTSTAMP: when the newest of them last changed, so that unchanged events give the same bytes.
    stamp = max((m.updated_at for m in rows), default=PUBLIC_FEED_EPOCH)
    # `?activities=1`: the organisations' public activities too, each weekly time as a weekly
    # event (R41).
    extra = []
    if request.GET.get("activities") == "1":
        extra = activity_events(public_activity_schedules(municipality=municipality))
    content = calendar_for(rows, name=name, now=stamp, extra_events=extra)
    etag = f'"{hashlib.sha256(content).hexdigest()[:40]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=900"
    return response


class AgendaTemplatesView(LoginRequiredMixin, View):
    """The active municipality's agenda templates (R34), for its coordinators."""

    template_name = "meetings/agenda_templates.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.municipality = request.tenant.municipality
            if self.municipality is None or not request.user.has_perm(
                "meetings.edit_agenda_templates", self.municipality
            ):
                raise PermissionDenied  # a platform admin acts in no municipality
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form):
        return render(
            self.request, self.template_name, {"form": form, "municipality": self.municipality}
        )

    def form(self, data=None):
        days = agenda_days_before([self.municipality.pk])[self.municipality.pk]
        return AgendaTemplatesForm(
            data, texts=agenda_templates_of(self.municipality), days_before=days
        )

    def get(self, request):
        return self.render_form(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            with errors_to_form(form, {"days_before": "agenda_days_before"}):
                texts = dict(form.cleaned_data)
                days_before = texts.pop("agenda_days_before")
                if days_before is not None:  # empty: unchanged
                    services.agenda_schedule_set(
                        by=request.user, municipality=self.municipality, days_before=days_before
                    )
                services.agenda_templates_save(
                    by=request.user, municipality=self.municipality, texts=texts
                )
                messages.success(request, _("The agenda templates are saved."))
                return redirect("meetings:agenda_templates")
        return self.render_form(form)


# -- time polls (R33) -----------------------------------------------------------------------------


class TimePollCreateView(LoginRequiredMixin, View):
    """The coordinator offers 3–6 times to organisations of the active municipality."""

    template_name = "meetings/time_poll_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.municipality = request.tenant.municipality
            probe = TimePoll(municipality=self.municipality)
            if self.municipality is None or not request.user.has_perm(
                "meetings.change_time_poll", probe
            ):
                raise PermissionDenied  # a platform admin acts in no municipality
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form):
        return render(
            self.request, self.template_name, {"form": form, "municipality": self.municipality}
        )

    def get(self, request):
        # From the planner: its best times, the kind, the title and the organisations.
        names = {"kind", "title", "duration"} | {
            f"time_{n}" for n in range(1, TimePoll.MAX_OPTIONS + 1)
        }
        initial = {name: request.GET[name] for name in names if request.GET.get(name)}
        if "organizations" in request.GET:
            initial["organizations"] = request.GET.getlist("organizations")
        templates = agenda_templates_of(self.municipality)
        if initial.get("kind") in templates:
            initial["agenda"] = templates[initial["kind"]]
        return self.render_form(TimePollForm(municipality=self.municipality, initial=initial))

    def post(self, request):
        form = TimePollForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            with errors_to_form(form):
                poll = services.time_poll_create(
                    by=request.user, municipality=self.municipality, **form.create_kwargs()
                )
                messages.success(
                    request, _("The times are sent. The organisations can answer by e-mail link.")
                )
                return redirect(poll)
        return self.render_form(form)


def _poll_context(request, poll: TimePoll, **bound) -> dict:
    user = request.user
    options = list(poll.options.all())
    can_decide = user.has_perm("meetings.change_time_poll", poll)
    answering = [
        (
            invitee,
            bound.get(f"answer_{invitee.pk}")
            or TimePollAnswerForm(
                prefix=f"i{invitee.pk}", options=options, votes=invitee.votes.all()
            ),
        )
        for invitee in poll.invitees.all()
        if user.has_perm("meetings.answer_time_poll", invitee)
    ]
    context = {"poll": poll, "can_decide": can_decide, "answering": answering}
    if can_decide:
        tally = time_poll_tally(poll)
        context.update(
            tally=tally,
            invitees=sorted(poll.invitees.all(), key=lambda i: i.organization.name),
            decide_form=bound.get("decide")
            or TimePollDecideForm(options=[row.option for row in tally]),
        )
    return context


def _render_poll(request, poll: TimePoll, **bound) -> HttpResponse:
    return render(request, "meetings/time_poll_detail.html", _poll_context(request, poll, **bound))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def time_poll(request, pk):  # meetings:poll — the tally for the organiser, answering for invitees
    poll = access_time_poll(request.user, pk)
    if request.method != "POST":
        return _render_poll(request, poll)
    invitee = next(
        (i for i in poll.invitees.all() if str(i.pk) == request.POST.get("invitee")), None
    )
    if invitee is None or not request.user.has_perm("meetings.answer_time_poll", invitee):
        raise PermissionDenied
    form = TimePollAnswerForm(request.POST, prefix=f"i{invitee.pk}", options=poll.options.all())
    if form.is_valid():
        with errors_to_form(form):
            services.time_poll_answer(by=request.user, invitee=invitee, answers=form.answers())
            messages.success(request, _("Your answer is saved."))
            return redirect(poll)
    return _render_poll(request, poll, **{f"answer_{invitee.pk}": form})


@require_POST
@login_required
def time_poll_decide(request, pk):  # meetings:poll_decide
    poll = access_time_poll(request.user, pk)
    if not request.user.has_perm("meetings.change_time_poll", poll):
        raise PermissionDenied
    options = list(poll.options.all())
    form = TimePollDecideForm(request.POST, options=options)
    if form.is_valid():
        option = next(o for o in options if o.pk == form.cleaned_data["option"])
        with errors_to_form(form):
            meeting = services.time_poll_decide(
                by=request.user,
                poll=poll,
                option=option,
                working_hours_reason=form.cleaned_data["working_hours_reason"],
            )
            messages.success(request, _("The time is fixed and the invitations are sent."))
            return redirect(meeting)
    return _render_poll(request, poll, decide=form)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def time_poll_link(request, pk, person, signature):  # meetings:poll_link — no sign-in needed
    """One organisation's answer to a time poll, by the person the link was e-mailed to."""
    try:
        invitee, answerer = signed_links.open_link(
            answer_links.POLL, pk, person, signature, time_poll_link_target
        )
    except signed_links.LinkRefused as refused:
        return _link_refused(request, refused.reason)
    poll = invitee.poll
    if not answerer.has_perm("meetings.answer_time_poll", invitee):
        return _link_refused(request, "not_invited")
    options = list(poll.options.all())
    saved = False
    form = TimePollAnswerForm(options=options, votes=invitee.votes.all())
    if request.method == "POST" and poll.is_open:
        form = TimePollAnswerForm(request.POST, options=options)
        if form.is_valid():
            with errors_to_form(form):
                services.time_poll_answer(by=answerer, invitee=invitee, answers=form.answers())
                saved = True
    response = render(
        request,
        "meetings/time_poll_link.html",
        {"poll": poll, "invitee": invitee, "form": form, "saved": saved},
    )
    return signed_links.private(response)


# -- the coordinating group (R30) -----------------------------------------------------------------


@login_required
def coordinating_group(request, slug):  # meetings:group
    """The municipality's coordinating group: its members, and a form to add one."""
    municipality = access_coordinating_group(request.user, slug)
    form = GroupMemberForm(request.POST or None, candidates=group_candidates(municipality))
    if request.method == "POST" and form.is_valid():
        with errors_to_form(form):
            member = services.group_member_add(
                by=request.user, municipality=municipality, **form.cleaned_data
            )
            messages.success(
                request, _("%(name)s is in the coordinating group.") % {"name": member}
            )
            return redirect("meetings:group", municipality.slug)
    context = {
        "municipality": municipality,
        "members": group_members_of(municipality),
        "form": form,
    }
    return render(
        request, "meetings/coordinating_group.html", context, status=400 if form.errors else 200
    )


@require_POST
@login_required
def group_member_name(request, slug, pk):  # meetings:group_member_name
    """A coordinator records that a member agreed to have their name shown, or withdrew it."""
    municipality = access_coordinating_group(request.user, slug)
    member = access_group_member(municipality, pk)
    shown = request.POST.get("name_shown") == "on"
    services.group_member_set_name_shown(by=request.user, member=member, shown=shown)
    if shown:
        done = _("%(name)s's name is shown on the public page.")
    else:
        done = _("%(name)s's name is no longer shown on the public page.")
    messages.success(request, done % {"name": member})
    return redirect("meetings:group", municipality.slug)


@require_POST
@login_required
def group_own_name(request, slug):  # meetings:group_own_name
    """A member of a coordinating group shows or hides their own name on the municipality's
    public page (from their profile)."""
    member = access_own_group_membership(request.user, slug)
    shown = request.POST.get("name_shown") == "on"
    services.group_member_set_name_shown(by=request.user, member=member, shown=shown)
    if shown:
        done = _("Your name is now shown on the public page of %(municipality)s.")
    else:
        done = _("Your name is no longer shown on the public page of %(municipality)s.")
    messages.success(request, done % {"municipality": member.municipality.name})
    return redirect("accounts:profile")


@login_required
def group_member_remove(request, slug, pk):  # meetings:group_member_remove
    """Take someone out of the coordinating group, after asking."""
    municipality = access_coordinating_group(request.user, slug)
    member = access_group_member(municipality, pk)
    return confirm_then(
        request,
        act=lambda: services.group_member_remove(by=request.user, member=member),
        done=_("%(name)s is no longer in the coordinating group.") % {"name": member},
        next_url=reverse("meetings:group", args=[municipality.slug]),
        template="meetings/group_member_remove.html",
        context={"municipality": municipality, "member": member},
    )
