from django.urls import path

from accounts import tenancy, views
from accounts.sso import views as sso_views
from accounts.staff import views as staff_views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("municipality/", tenancy.switch_municipality, name="switch_municipality"),
    path("sign-in-settings/<slug:slug>/", sso_views.config, name="sso_config"),
    path("sign-in-settings/<slug:slug>/try/", sso_views.try_sign_in, name="sso_try"),
    path("staff/<slug:slug>/", staff_views.staff, name="staff"),
    path("staff/<slug:slug>/<int:pk>/role/", staff_views.change_role, name="staff_change_role"),
    path("staff/<slug:slug>/<int:pk>/remove/", staff_views.remove, name="staff_remove"),
    path("staff/<slug:slug>/invite/", staff_views.invite, name="staff_invite"),
    path("staff-invitations/<uuid:token>/", staff_views.invitation, name="staff_invitation"),
]
