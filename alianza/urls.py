from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from alianza.core import account_views
from alianza.core import views as core_views
from alianza.core.osdi.api import osdi_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", core_views.health, name="core-health"),
    path("ready/", core_views.ready, name="core-ready"),
    path("sitemap.xml", core_views.sitemap, name="core-sitemap"),
    path(".well-known/security.txt", core_views.security_txt, name="core-security-txt"),
    path("manifest.webmanifest", core_views.web_manifest, name="core-manifest"),
    path("favicon.ico", core_views.favicon, name="core-favicon"),
    # The OSDI API (docs/api.md): outside the language prefixes, as clients expect one URL.
    path("api/osdi/v1/", include(osdi_urls())),
]
urlpatterns += i18n_patterns(
    path("", core_views.home, name="core-home"),
    path("admin/", admin.site.urls),
    path("accounts/login/", account_views.LoginView.as_view(), name="core-login"),
    path("accounts/two-factor/", account_views.two_factor_setup, name="core-2fa-setup"),
    path("accounts/two-factor/verify/", account_views.two_factor_verify,
         name="core-2fa-verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="core-logout"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="core-jsi18n"),
    path("staff/site-export/", include("alianza.core.urls_site_export")),
    path("", include("alianza.coalition.urls")),
    path("", include("alianza.outreach.urls")),
    path("data/", include("alianza.evidence.urls")),
    path("library/", include("alianza.library.urls")),
    path("events/", include("alianza.convenings.urls")),
    path("policy/", include("alianza.policy.urls")),
    path("", include("alianza.listening.urls")),
    path("", include("alianza.core.api_token_urls")),
    path("staff/webhooks/", include("alianza.core.webhooks.urls")),
    prefix_default_language=True,
)

handler400 = "alianza.core.views.bad_request"
handler404 = "alianza.core.views.page_not_found"
handler500 = "alianza.core.views.server_error"
