"""Who must sign in with a second factor, and the devices that give it.

A user needs two-factor sign-in, when ADMIN_REQUIRE_2FA is on, if the user can publish
(pages or anything else with a publish permission) or see personal data: any permission on
a model that an app registered with `register_personal_data`.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission

MODEL_ACTIONS = ("view", "add", "change", "delete")
_personal_data_models = []


def register_personal_data(*models):
    """Declare models that hold personal data: whoever may see them needs a second factor."""
    _personal_data_models.extend(models)


def can_publish(user):
    if any(
        permission.partition(".")[2].startswith("publish_")
        for permission in user.get_all_permissions()
    ):
        return True
    return GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).exists()


def can_see_personal_data(user):
    return any(
        user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        for model in _personal_data_models
        for action in MODEL_ACTIONS
    )


def requires_two_factor(user):
    return bool(
        settings.ADMIN_REQUIRE_2FA
        and user.is_authenticated
        and (user.is_superuser or can_publish(user) or can_see_personal_data(user))
    )


def authenticator(user):
    """The user's authenticator app (a confirmed TOTP device), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_authenticator(user):
    """The app being set up: one unconfirmed device, kept while the user comes back to the
    set-up page, so that the QR code scanned once stays the one to confirm."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def random_recovery_code():
    """Eight random letters and digits (40 bits), never digits alone, which would be read as
    a code from the app."""
    while (code := StaticToken.random_token()).isdigit():
        pass
    return code


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes with TWO_FACTOR_RECOVERY_CODES new ones; returns them
    (they are shown once and stored only in the database)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [random_recovery_code() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_devices(user):
    """Remove the user's app and recovery codes; returns how many devices there were. The
    user sets up a new app at the next sign-in, and no remembered browser is recognised."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    return removed


def devices_fingerprint(user):
    """A digest of the user's confirmed app: it changes when the devices are reset."""
    keys = ",".join(
        f"{pk}:{key}"
        for pk, key in TOTPDevice.objects.filter(user=user, confirmed=True)
        .order_by("pk")
        .values_list("pk", "key")
    )
    return hmac.new(settings.SECRET_KEY.encode(), keys.encode(), hashlib.sha256).hexdigest()
