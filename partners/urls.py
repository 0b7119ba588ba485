from django.urls import path
from django.utils.translation import pgettext_lazy

from .database import api, views
from .verification_views import contact_verification

# Under the language prefix (/sv/api/v1/…, /en/api/v1/…): both give the same data, with
# both languages' texts; only the links to the public pages follow the prefix.
urlpatterns = [
    path("api/v1/partnerships/", api.partnership_list, name="api_partnership_list"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    path("api/v1/partnerships/<int:pk>/", api.partnership_detail, name="api_partnership_detail"),
    path(
        pgettext_lazy("URL path", "contact/verify/<str:token>/"),
        contact_verification,
        name="contact_verification",
    ),
    # A partnership's contact form (partners.contact).
    path(
        pgettext_lazy("URL path", "write-to/<slug:slug>/"),
        views.contact,
        name="partnership_contact",
    ),
]
