from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts import urls as accounts_urls
from accounts import views as accounts_views
from accounts.admin_site import require_platform_admin
from dashboard import urls as dashboard_urls
from dashboard import views as dashboard_views
from organizations import views as organizations_views

admin.site.site_header = _("Brobygger administration")
admin.site.site_title = _("Brobygger administration")
# The admin signs in through allauth (two-factor included) and is for platform admins only:
# its own password form is never shown (it would skip two-factor), others get 403.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = require_platform_admin

urlpatterns = [
    path("", accounts_views.HomeView.as_view(), name="home"),
    path("dashboard/", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path(
        "accessibility/",
        accounts_views.StaticPageView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path(
        "privacy/",
        accounts_views.StaticPageView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("healthz", accounts_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    # One namespace, two apps: the municipality's page is the dashboard's (it lists organisations).
    path(
        "account/",
        include(
            (
                accounts_urls.urlpatterns + dashboard_urls.municipality_urlpatterns,
                accounts_urls.app_name,
            )
        ),
    ),
    path("m/", include((dashboard_urls.public_urlpatterns, "public"))),
    path("", include("organizations.urls")),
    path("", include("meetings.urls")),
    path("agreements/", include("agreements.urls")),
    path("referrals/", include("referrals.urls")),
    path("notifications/", include("notifications.urls")),
    path("announcements/", include("announcements.urls")),
    path("grants/", include("grants.urls")),
    path("overview/", include("dashboard.urls")),
    path("registry/import/", include("organizations.urls_import")),
    path("api/hsds/", include("organizations.urls_api")),
    path("admin/", admin.site.urls),
]

# Uploaded logos (validated images) are small and public: served by the app itself, so that the
# compose stack needs no separate file server. Nothing else under MEDIA_ROOT is served.
urlpatterns += [
    re_path(r"^media/(?P<path>logos/[^/]+)$", organizations_views.serve_logo, name="logo"),
]

# A database that cannot be reached gives the 503 page with Retry-After; other errors the 500 page.
handler500 = "accounts.errors.server_error"

if settings.BENCH_FLOOR_VIEW:  # the load benchmark's floor; never set in production
    from bench.views import floor

    urlpatterns += [path("bench/floor", floor)]
