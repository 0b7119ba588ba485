import hashlib

from django import template
from django.utils import translation

from ..cache import content_cached
from ..subscription_forms import SubscribeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def subscribe_form(context, topic, params="", button=None):
    """An empty sign-up form for `topic` narrowed by `params` (a query string, with or
    without its "?"). It is the same for every visitor, so the page stays cacheable; and
    the same on every page that shows it, so it is rendered once per language, topic and
    params for each state of the content (icld_site.cache.content_cached)."""

    def render():
        form_template = context.template.engine.get_template("includes/subscribe_form.html")
        # The request and the site settings, for the link to the privacy notice.
        return form_template.render(
            context.new(
                {
                    "form": SubscribeForm.for_topic(topic, params),
                    "button": button,
                    "request": context.get("request"),
                    "settings": context.get("settings"),
                }
            )
        )

    varies = repr([translation.get_language(), topic, params, str(button or "")])
    digest = hashlib.sha256(varies.encode()).hexdigest()[:32]
    return content_cached(f"subscribe-form:{digest}", render)
