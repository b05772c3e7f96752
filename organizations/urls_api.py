"""The open-data API, Open Referral HSDS 3.0, at /api/hsds/ (see `organizations.api_views`)."""

from django.urls import path

from organizations import api_views

app_name = "hsds"

urlpatterns = [
    path("", api_views.root, name="root"),
    path("organizations", api_views.organization_list, name="organization_list"),
    path(
        "organizations/<str:object_id>",
        api_views.organization_detail,
        name="organization_detail",
    ),
    path("services", api_views.service_list, name="service_list"),
    path("services/<str:object_id>", api_views.service_detail, name="service_detail"),
]
