from django.urls import path

from accounts import tenancy, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("municipality/", tenancy.switch_municipality, name="switch_municipality"),
]
