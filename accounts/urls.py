from django.urls import path

from accounts import tenancy, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("municipality/", tenancy.switch_municipality, name="switch_municipality"),
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
