""" "Was this page helpful?": the form at the foot of content pages and what receives it.

The form is part of pages that the page cache keeps whole for every visitor, so it carries
no CSRF token (a token is per visitor, and its cookie would stop the page being cached).
Instead the endpoint is exempt from Django's token check and accepts a POST only when the
browser says it comes from this site: its Origin header (sent by browsers with every POST),
or failing that its Referer, must be this site's own origin or a CSRF_TRUSTED_ORIGINS
entry. A cross-site form or script cannot forge those headers; a script outside a browser
can, but it can do no more than a visitor could by hand, and the rate limit holds both back.
No cookie or session is read or set, so there is no signed-in state for a forgery to abuse.

Each address may send FEEDBACK_RATE_LIMIT answers an hour, counted by icld_site.limits under a
keyed hash of the address (the address itself is neither stored nor kept in the cache).
While the cache cannot be reached, answers are not counted (icld_site.cache_backends).
"""

import re

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .limits import allow, client_address, is_from_this_site
from .models import PageFeedback

# Anything that looks like an e-mail address; the comment holding it is dropped.
EMAIL_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PAGE_NOT_FOUND = _("The page you answered about could not be found.")


class FeedbackForm(forms.Form):
    page = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(
            ["required", "invalid", "min_value", "max_value"], PAGE_NOT_FOUND
        ),
    )
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda answer: answer == "yes",
        error_messages=dict.fromkeys(["required", "invalid_choice"], _("Answer yes or no.")),
    )
    comment = forms.CharField(
        required=False,
        max_length=PageFeedback.COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": _("The comment can be at most %(limit_value)d characters long."),
            "null_characters_not_allowed": _(
                "The comment contains characters that are not allowed."
            ),
        },
    )

    def clean_page(self):
        page = Page.objects.live().public().filter(pk=self.cleaned_data["page"]).first()
        if page is None:
            raise forms.ValidationError(PAGE_NOT_FOUND)
        return page


def respond(request, status, page=None, **context):
    """The answer, in the visitor's language, with the way back to the page (as `page`, so the
    language switcher and breadcrumbs lead to it)."""
    return render(request, "icld_site/page_feedback.html", {"page": page, **context}, status=status)


@csrf_exempt
@require_POST
def page_feedback(request):
    if not is_from_this_site(request):
        return respond(request, 403, refused=True)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        page = form.cleaned_data.get("page")
        return respond(request, 400, page=page, errors=form.errors.values())
    if not allow("feedback", client_address(request), settings.FEEDBACK_RATE_LIMIT, 3600):
        return respond(request, 429, page=form.cleaned_data["page"], too_many=True)
    comment = form.cleaned_data["comment"].strip()
    comment_dropped = bool(EMAIL_ADDRESS.search(comment))
    PageFeedback.objects.create(
        page=form.cleaned_data["page"],
        language=translation.get_language(),
        helpful=form.cleaned_data["helpful"],
        comment="" if comment_dropped else comment,
    )
    return respond(
        request, 200, page=form.cleaned_data["page"], thanked=True, comment_dropped=comment_dropped
    )
