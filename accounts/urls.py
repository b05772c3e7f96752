from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
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
