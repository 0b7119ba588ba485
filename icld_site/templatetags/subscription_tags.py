from django import template

from ..subscription_forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("includes/subscribe_form.html", takes_context=True)
def subscribe_form(context, topic, params="", button=None):
    """An empty sign-up form for `topic` narrowed by `params` (a query string, with or
    without its "?"). It is the same for every visitor, so the page stays cacheable."""
    form = SubscribeForm.for_topic(topic, params)
    # The request and the site settings, for the link to the privacy notice.
    return {
        "form": form,
        "button": button,
        "request": context.get("request"),
        "settings": context.get("settings"),
    }
