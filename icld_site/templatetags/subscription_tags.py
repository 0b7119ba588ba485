import hashlib

from django import template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..cache import content_cached
from ..subscription_forms import SubscribeForm

register = template.Library()

# Stands for the form's query string in the markup kept in the cache; each page puts its own
# in its place. Nothing a form renders contains it otherwise.
PARAMS_PLACEHOLDER = "kp-subscribe-params-placeholder"


@register.simple_tag(takes_context=True)
def subscribe_form(context, topic, params="", button=None):
    """An empty sign-up form for `topic` narrowed by `params` (a query string, with or
    without its "?"). It is the same for every visitor, so the page stays cacheable; and
    the same on every page that shows it but for `params`, so it is rendered once per
    language, topic and button for each state of the content
    (icld_site.cache.content_cached), and `params` is put into its hidden field: a new
    search costs no form rendering."""

    def render():
        form_template = context.template.engine.get_template("includes/subscribe_form.html")
        # The request and the site settings, for the link to the privacy notice.
        return form_template.render(
            context.new(
                {
                    "form": SubscribeForm.for_topic(topic, PARAMS_PLACEHOLDER),
                    "button": button,
                    "request": context.get("request"),
                    "settings": context.get("settings"),
                }
            )
        )

    varies = repr([translation.get_language(), topic, str(button or "")])
    digest = hashlib.sha256(varies.encode()).hexdigest()[:32]
    markup = content_cached(f"subscribe-form:{digest}", render)
    # The form's own markup, with the query string escaped into it.
    return mark_safe(markup.replace(PARAMS_PLACEHOLDER, escape(params.lstrip("?"))))  # noqa: S308
