from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/setup/", views.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "two-factor/recovery-codes/new/",
        views.replace_recovery_codes,
        name="two_factor_replace_recovery_codes",
    ),
]
