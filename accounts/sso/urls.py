"""The municipalities' sign-in URLs, under allauth's /accounts/ (allauth includes this module
for the provider in accounts/sso/provider.py)."""

from django.urls import path

from accounts.sso import views

urlpatterns = [
    path("sso/start/", views.start, name="sso_start"),
    path("sso/<str:provider_id>/login/", views.login, name="municipal_oidc_login"),
    path("sso/<str:provider_id>/login/callback/", views.callback, name="municipal_oidc_callback"),
    path(
        "sso/<str:provider_id>/backchannel-logout/",
        views.backchannel_logout,
        name="sso_backchannel_logout",
    ),
]
