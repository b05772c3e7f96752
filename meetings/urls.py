from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    # calendars
    path("calendar/", views.MyCalendarView.as_view(), name="calendar"),
    path(
        "calendar/organisations/<int:pk>/",
        views.OrganizationCalendarView.as_view(),
        name="organization_calendar",
    ),
    path(
        "calendar/municipalities/<slug:slug>/",
        views.MunicipalityCalendarView.as_view(),
        name="municipality_calendar",
    ),
    path("events/", views.PublicCalendarView.as_view(), name="public"),
    path("events/calendar.ics", views.public_feed, name="public_feed"),
    path(
        "events/municipalities/<slug:slug>/calendar.ics",
        views.public_feed,
        name="municipality_public_feed",
    ),
    # meetings
    path("meetings/new/", views.MeetingCreateView.as_view(), name="create"),
    path("meetings/plan/", views.PlannerView.as_view(), name="plan"),
    path(
        "meetings/agenda-templates/",
        views.AgendaTemplatesView.as_view(),
        name="agenda_templates",
    ),
    path(
        "meetings/evaluations/agreements/<int:pk>/",
        views.evaluation_meeting_create,
        name="evaluation_create",
    ),
    path("meetings/<int:pk>/", views.detail, name="detail"),
    path("meetings/<int:pk>/meeting.ics", views.ics, name="ics"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="edit"),
    path("meetings/<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="cancel"),
    path("meetings/<int:pk>/publish/", views.publish, name="publish"),
    path("meetings/<int:pk>/logistics/", views.MeetingLogisticsView.as_view(), name="logistics"),
    path("meetings/<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/attendance/", views.MeetingAttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/register/", views.register, name="register"),
    path("meetings/answers/<int:pk>/", views.answer, name="answer"),
    path(
        "meetings/answers/<int:pk>/<int:person>/<str:signature>/",
        views.answer_link,
        name="answer_link",
    ),
    # the coordinating group (R30)
    path("meetings/group/<slug:slug>/", views.coordinating_group, name="group"),
    path(
        "meetings/group/<slug:slug>/members/<int:pk>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path(
        "meetings/group/<slug:slug>/members/<int:pk>/name/",
        views.group_member_name,
        name="group_member_name",
    ),
    # a member shows or hides their own name (from their profile)
    path("meetings/group/<slug:slug>/my-name/", views.group_own_name, name="group_own_name"),
    # time polls
    path("meetings/polls/new/", views.TimePollCreateView.as_view(), name="poll_create"),
    path("meetings/polls/<int:pk>/", views.time_poll, name="poll"),
    path("meetings/polls/<int:pk>/decide/", views.time_poll_decide, name="poll_decide"),
    # The same key as an answer link (accounts.logging redacts the signature), for a poll.
    path(
        "meetings/answers/<int:pk>/<int:person>/<str:signature>/times/",
        views.time_poll_link,
        name="poll_link",
    ),
    # venues
    path("venues/", views.VenueListView.as_view(), name="venues"),
    path("venues/new/", views.VenueCreateView.as_view(), name="venue_create"),
    path("venues/<int:pk>/", views.VenueDetailView.as_view(), name="venue"),
    path("venues/<int:pk>/edit/", views.VenueUpdateView.as_view(), name="venue_edit"),
    # calendar feeds
    path("calendar/feeds/", views.FeedsView.as_view(), name="feeds"),
    path("calendar/feeds/new-address/", views.feed_regenerate, name="feed_regenerate"),
    path("calendar/feeds/digest/", views.feed_digest, name="feed_digest"),
    path("calendar/feeds/<str:token>.ics", views.feed, name="feed"),
]
