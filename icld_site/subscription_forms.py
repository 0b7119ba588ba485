"""The forms of e-mail subscriptions (icld_site.subscriptions, icld_site.subscription_views)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import subscriptions
from .fields import EmailAddressFormField
from .models import Subscription

EMAIL_ERRORS = {
    "required": _("Enter your e-mail address."),
    "invalid": _("Enter an e-mail address like name@example.se."),
    "max_length": _("The e-mail address can be at most %(limit_value)d characters long."),
    "null_characters_not_allowed": _(
        "The e-mail address contains characters that are not allowed."
    ),
}
CHOICE_GONE = _(
    "What you tried to subscribe to is no longer on the website. Go back to the page and try again."
)


class HoneypotMixin(forms.Form):
    # Left empty by people (it is hidden from them); form-filling robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("This field must be left empty. Empty it and send again."))
        return ""


class SubscribeForm(HoneypotMixin):
    """Sign-up for one topic. `topic` and `params` are hidden: the page the form is on
    chooses them (params is the page's canonical filter, e.g. "category=miljo")."""

    email = EmailAddressFormField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topic = forms.ChoiceField(
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(["required", "invalid_choice"], CHOICE_GONE),
    )
    params = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=Subscription._meta.get_field("params").max_length,
        error_messages=dict.fromkeys(["max_length", "null_characters_not_allowed"], CHOICE_GONE),
    )
    # Not required: without a choice, the topic's first (default) frequency.
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose how often you want e-mail.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my e-mail address and my choices are stored to send me these "
            "messages, until I unsubscribe."
        ),
        error_messages={"required": _("Tick the box to agree, or you cannot subscribe.")},
    )

    field_order = ["email", "frequency", "consent", "topic", "params", "website"]

    def __init__(self, *args, topic=None, **kwargs):
        kwargs.setdefault("auto_id", "subscribe-%s")
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [(t.name, t.label) for t in subscriptions.topics()]
        name = self.data.get("topic") if self.is_bound else topic
        self.topic = next((t for t in subscriptions.topics() if t.name == name), None)
        frequencies = self.topic.frequencies if self.topic else ()
        if len(frequencies) > 1:
            choices = dict(Subscription.Frequency.choices)
            self.fields["frequency"].choices = [(value, choices[value]) for value in frequencies]
            self.fields["frequency"].initial = frequencies[0]
        else:
            # Nothing to choose: the topic has one frequency.
            del self.fields["frequency"]

    @classmethod
    def for_topic(cls, topic, params=""):
        """The empty form for `topic` narrowed by `params` (a query string, with or without
        its "?"), as a page shows it."""
        return cls(topic=topic, initial={"topic": topic, "params": params.lstrip("?")})

    def clean(self):
        cleaned = super().clean()
        if self.topic is not None and "params" in cleaned:
            try:
                cleaned["params"] = self.topic.clean_params(
                    QueryDict(cleaned["params"], mutable=False)
                )
            except ValidationError:
                self.add_error("params", CHOICE_GONE)
        return cleaned

    @property
    def description(self):
        """What the form subscribes to, in words, in the current language; "" for a form
        sent with errors."""
        if self.topic is None or (self.is_bound and not self.is_valid()):
            return ""
        params = self.cleaned_data["params"] if self.is_bound else self.initial.get("params", "")
        return str(self.topic.describe(params, translation.get_language()))


class ManageLinkForm(HoneypotMixin):
    """ "Send me a link to manage my subscriptions"."""

    email = EmailAddressFormField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "manage-%s")
        super().__init__(*args, **kwargs)


class ManageForm(forms.Form):
    """One change on the manage page; which subscription it names is checked by the view
    against the subscriber the link was made for."""

    ACTIONS = ("confirm", "frequency", "remove", "remove_all", "language")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    subscription = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    frequency = forms.ChoiceField(choices=Subscription.Frequency.choices, required=False)
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False)
