"""Application-round reminders by e-mail (icld_site.subscriptions): when a round opens, and
a week before it closes. There is nothing to choose: params is always ""."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icld_site.models import Subscription
from icld_site.subscriptions import Topic, page_address

from .models import ProgrammePage


def clean_params(query):
    return ""


def describe(params, language):
    with translation.override(language):
        return _("Application rounds: when a round opens, and a week before it closes")


def page_url(params, language):
    programme = ProgrammePage.objects.live().public().first()
    url = page_address(programme, language)
    return f"{url}#nar" if url else url


TOPIC = Topic(
    name="rounds",
    label=gettext_lazy("Application rounds"),
    clean_params=clean_params,
    describe=describe,
    page_url=page_url,
    frequencies=(Subscription.Frequency.IMMEDIATE,),
)
