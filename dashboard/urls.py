from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("report.csv", views.ReportView.as_view(fmt="csv"), name="report_csv"),
    path("report.xlsx", views.ReportView.as_view(fmt="xlsx"), name="report_xlsx"),
    path("report.pdf", views.ReportView.as_view(fmt="pdf"), name="report_pdf"),
]

# The municipality's own page keeps its address and name (`accounts:municipality`, under
# /account/): config/urls.py mounts these in the accounts namespace. They live here because the
# page lists the organisations active in the municipality, which the ground floor cannot import.
municipality_urlpatterns = [
    path(
        "municipalities/<slug:slug>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality",
    ),
    path(
        "municipalities/<slug:slug>/staff/add/",
        views.staff_role_add,
        name="staff_role_add",
    ),
]

# The municipality's public page, no login (issue #18): /m/<slug>/, in the `public` namespace.
public_urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("<slug:slug>/theme.css", views.municipality_theme, name="theme"),
    path("<slug:slug>/branding/", views.municipality_branding, name="branding"),
    path("<slug:slug>/", views.municipality_public, name="municipality"),
    path("<slug:slug>/offers.pdf", views.municipality_offers_pdf, name="offers_pdf"),
    path("<slug:slug>/offers/", views.municipality_offers_print, name="offers_print"),
    path(
        "<slug:slug>/offers-<str:language>.pdf",
        views.municipality_offers_leaflet_pdf,
        name="offers_leaflet_pdf",
    ),
    path("<slug:slug>/guide/", views.referral_guide, name="guide"),
    path("<slug:slug>/privacy/", views.privacy_notice, name="privacy"),
    path("<slug:slug>/edit/", views.municipality_page_edit, name="edit"),
    path(
        "<slug:slug>/contacts/<int:pk>/remove/",
        views.published_contact_remove,
        name="contact_remove",
    ),
    path(
        "<slug:slug>/premises/<int:pk>/remove/",
        views.premises_remove,
        name="premises_remove",
    ),
    path("<slug:slug>/arenas/<int:pk>/remove/", views.arena_remove, name="arena_remove"),
    path(
        "<slug:slug>/premises/<int:pk>/request/",
        views.premises_request,
        name="premises_request",
    ),
    path("<slug:slug>/arenas/<int:pk>/request/", views.arena_request, name="arena_request"),
    path("<slug:slug>/requests/", views.place_requests, name="requests"),
    path("<slug:slug>/requests/<int:pk>/", views.place_request_detail, name="request"),
    path(
        "<slug:slug>/requests/<int:pk>/withdraw/",
        views.place_request_withdraw_view,
        name="request_withdraw",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/propose/",
        views.place_request_propose_view,
        name="request_propose",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/proposal/accept/",
        views.place_request_proposal_accept_view,
        name="request_proposal_accept",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/proposal/decline/",
        views.place_request_proposal_decline_view,
        name="request_proposal_decline",
    ),
    path("<slug:slug>/resources/", views.resources, name="resources"),
    path("<slug:slug>/resources/new/", views.resource_create, name="resource_create"),
    path("<slug:slug>/resources/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("<slug:slug>/resources/<int:pk>/remove/", views.resource_remove, name="resource_remove"),
    path("<slug:slug>/resources/<int:pk>/file/", views.resource_file, name="resource_file"),
    path("<slug:slug>/crisis/", views.crisis_contacts, name="crisis_contacts"),
    path("<slug:slug>/stories/", views.stories, name="stories"),
    path("<slug:slug>/stories/new/", views.story_create, name="story_create"),
    path("<slug:slug>/stories/<int:pk>/", views.story_detail, name="story"),
]
