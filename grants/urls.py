from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.SchemeListView.as_view(), name="catalogue"),
    path("helper/", views.helper, name="helper"),
    path("before-you-apply/", views.before_you_apply, name="before"),
    path("deadlines/", views.deadline_calendar, name="deadlines"),
    path("schemes/new/", views.SchemeFormView.as_view(), name="scheme_create"),
    path("schemes/<slug:slug>/", views.scheme_detail, name="scheme"),
    path("schemes/<slug:slug>/edit/", views.SchemeFormView.as_view(), name="scheme_edit"),
    path("schemes/<slug:slug>/follow/", views.follow, name="follow"),
    path("applications/", views.ApplicationListView.as_view(), name="applications"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.ApplicationEditView.as_view(), name="edit"),
    path("applications/<int:pk>/status/", views.application_status, name="status"),
    path("applications/<int:pk>/delete/", views.application_delete, name="delete"),
    path("applications/<int:pk>/checklist/<int:item_id>/", views.checklist_tick, name="tick"),
    path("applications/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("applications/<int:pk>/draft/", views.DraftView.as_view(), name="draft"),
    path("applications/<int:pk>/share/", views.draft_share, name="share"),
    path("applications/<int:pk>/comments/", views.comment_add, name="comment"),
    path(
        "applications/<int:pk>/comments/<int:comment_id>/reply/",
        views.comment_reply,
        name="reply",
    ),
    path(
        "applications/<int:pk>/comments/<int:comment_id>/resolve/",
        views.comment_resolve,
        name="resolve",
    ),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("help/", views.HelpSlotListView.as_view(), name="help"),
    path("help/new/", views.HelpSlotCreateView.as_view(), name="help_create"),
    path("help/<int:pk>/book/", views.help_slot_book, name="book"),
    path("help/<int:pk>/cancel/", views.help_slot_cancel, name="cancel_booking"),
    path("help/<int:pk>/delete/", views.help_slot_delete, name="delete_slot"),
]
