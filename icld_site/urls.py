from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .feedback import page_feedback
from .password_reset import PasswordResetView
from .search import site_search
from .sitemaps import SITEMAPS
from .subscription_views import confirm, manage, request_manage_link, subscribe, unsubscribe
from .views import health

handler500 = "icld_site.views.server_error"

urlpatterns = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("healthz", health, name="health"),
    # Before Wagtail's own view at the same address (icld_site.password_reset).
    path("admin/password_reset/", PasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under /sv/ or /en/; "/" is redirected by LocaleMiddleware
# to the language the browser prefers. Wagtail's catch-all must come last.
urlpatterns += i18n_patterns(
    path(pgettext_lazy("URL path", "search/"), site_search, name="search"),
    path("feedback/", page_feedback, name="page_feedback"),
    path(pgettext_lazy("URL path", "subscribe/"), subscribe, name="subscribe"),
    path(
        pgettext_lazy("URL path", "subscribe/confirm/<str:token>/"),
        confirm,
        name="subscription_confirm",
    ),
    path(
        pgettext_lazy("URL path", "subscribe/manage/"),
        request_manage_link,
        name="subscription_manage_link",
    ),
    path(
        pgettext_lazy("URL path", "subscribe/manage/<str:token>/"),
        manage,
        name="subscription_manage",
    ),
    path(
        pgettext_lazy("URL path", "subscribe/unsubscribe/<str:token>/"),
        unsubscribe,
        name="subscription_unsubscribe",
    ),
    path("", include("programmes.urls")),
    path("", include("news.urls")),
    path("", include("partners.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
