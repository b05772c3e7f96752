from django.urls import path

from organizations import views

app_name = "organizations"

urlpatterns = [
    # public directory
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path("directory/activities/", views.ActivityDirectoryView.as_view(), name="activity_directory"),
    path("organisations/<int:pk>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity"),
    path("overlaps/<slug:slug>/", views.overlaps, name="overlaps"),
    path("stale/<slug:slug>/", views.stale, name="stale"),
    path("offers-and-needs/<slug:slug>/", views.offers_and_needs, name="offers_and_needs"),
    path("organisations/<int:pk>/confirm/", views.confirm, name="confirm"),
    # The yearly e-mail's link: the signature is the key (accounts.logging redacts it).
    path(
        "organisations/still-correct/<int:pk>/<int:person>/<str:signature>/",
        views.confirm_link,
        name="confirm_link",
    ),
    # registration and profile
    path("organisations/register/", views.OrganizationRegisterView.as_view(), name="register"),
    path("organisations/<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="edit"),
    path(
        "organisations/<int:pk>/history/", views.OrganizationHistoryView.as_view(), name="history"
    ),
    path("organisations/<int:pk>/verify/", views.verify, name="verify"),
    path("organisations/<int:pk>/close/", views.OrganizationCloseView.as_view(), name="close"),
    path("organisations/<int:pk>/reject/", views.RejectView.as_view(), name="reject"),
    path(
        "organisations/<int:pk>/branches/<int:branch_id>/detach/",
        views.branch_detach,
        name="branch_detach",
    ),
    path("organisations/<int:pk>/join/", views.JoinRequestView.as_view(), name="join"),
    # members
    path("organisations/<int:pk>/members/", views.MembersView.as_view(), name="members"),
    path("organisations/<int:pk>/members/leave/", views.leave, name="leave"),
    path(
        "organisations/<int:pk>/members/<int:user_id>/",
        views.MemberRolesView.as_view(),
        name="member_roles",
    ),
    path(
        "organisations/join-requests/<int:pk>/<str:answer>/",
        views.answer_join_request,
        name="answer_join_request",
    ),
    path("invitations/<uuid:token>/", views.InvitationView.as_view(), name="invitation"),
    # activities
    path(
        "organisations/<int:pk>/activities/new/",
        views.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    # the coordinator's registry
    path("registry/", views.RegistryView.as_view(), name="registry"),
    path("registry/export.<str:fmt>", views.registry_export, name="registry_export"),
]
