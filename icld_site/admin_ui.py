"""Admin building blocks shared by the apps' snippet viewsets.

Wagtail 8 computes some of a snippet viewset's texts once, when the admin URLs are built
(the chooser's "Choose country", "Choose another country", "Edit this country", the chooser
modal's title and the breadcrumb "Home"), in whatever language is active then; an editor
who works in the other language sees them in the wrong one. The classes here keep them lazy,
so every request renders them in the editor's own language. They also give every snippet
chooser a search box (a database search over the viewset's `search_fields`, which works
the same on SQLite and PostgreSQL and needs no search index) and add a searchable chooser
for many-to-many fields.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property, lazy
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView
from wagtail.snippets.views.chooser import SnippetChooserViewSet as WagtailSnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

# Longer search terms are cut: nobody types more, and it bounds the query.
MAX_SEARCH_LENGTH = 100


class YesNoColumn(BooleanColumn):
    """A tick or a cross, read out as "Yes"/"No" in the editor's language (Wagtail's own
    BooleanColumn reads "True"/"False")."""

    cell_template_name = "icld_site/admin/yes_no_cell.html"

    @classmethod
    def for_field(cls, model, field_name):
        """A sortable column headed, like Wagtail's own, by the field's verbose name."""
        label = capfirst(model._meta.get_field(field_name).verbose_name)
        return cls(field_name, label=label, sort_key=field_name)


def _model_text(message, model):
    """`message` with the model's verbose name, translated when it is rendered."""
    return lazy(lambda: gettext(message) % {"object": model._meta.verbose_name}, str)()


class SnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser widget with its button texts translated per request."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model=model, **kwargs)
        viewset = getattr(self.model, "snippet_viewset", None)
        chooser_texts = getattr(viewset, "chooser_texts", {}) or {}
        self.choose_one_text = chooser_texts.get("choose") or _model_text(
            "Choose %(object)s", self.model
        )
        self.choose_another_text = chooser_texts.get("choose_another") or _model_text(
            "Choose another %(object)s", self.model
        )
        self.link_to_chosen_text = chooser_texts.get("edit") or _model_text(
            "Edit this %(object)s", self.model
        )

    def get_instance(self, value):
        # A tampered form value ("abc") is no chosen object rather than a server error.
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


def words(text):
    return (text or "")[:MAX_SEARCH_LENGTH].split()


def matching(fields, text):
    """Objects that contain every word of `text` in at least one of `fields`."""
    condition = Q()
    for word in words(text):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


class ChooserSearchForm(BaseFilterForm):
    """The chooser modal's search box. Wagtail shows one only for models in its search
    index; this one searches the viewset's `search_fields` in the database instead."""

    search_fields = ()

    q = forms.CharField(
        label=_("Search term"),
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = objects.filter(matching(self.search_fields, query))
            self.is_searching = True
            self.search_query = query
        return objects


class SnippetChooserViewSet(WagtailSnippetChooserViewSet):
    """The chooser modal: lazy texts, a search box and optional extra columns and filters."""

    choose_one_text = _("Choose")
    choose_another_text = _("Choose another")
    edit_item_text = _("Edit")
    search_tab_label = _("Search")
    create_action_label = _("Create")
    page_title = None
    base_widget_class = SnippetChooser
    search_fields = ()
    #: Extra columns after the title, e.g. where an organisation is.
    extra_columns = ()
    #: A form with the filters the chooser accepts in its URL besides the search, e.g.
    #: which side of a partnership an organisation is on. Its fields are usually hidden.
    filter_form_class = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preserve_url_parameters = [
            "multiple",
            *(self.filter_form_class.base_fields if self.filter_form_class else ()),
        ]

    @cached_property
    def search_form_class(self):
        bases = (
            (self.filter_form_class, ChooserSearchForm)
            if self.filter_form_class
            else (ChooserSearchForm,)
        )
        return type("SearchForm", bases, {"search_fields": tuple(self.search_fields)})

    def _view_class(self, base):
        extra_columns = list(self.extra_columns)
        # A title that names the model ("Choose a country") needs no subtitle repeating it.
        named_title = self.page_title is not self.choose_one_text

        class View(base):
            filter_form_class = self.search_form_class

            @property
            def columns(self):
                return [*super().columns, *extra_columns]

            @property
            def page_subtitle(self):
                return None if named_title else super().page_subtitle

        View.__name__ = base.__name__
        return View

    @cached_property
    def choose_view_class(self):
        return self._view_class(ChooseView)

    @cached_property
    def choose_results_view_class(self):
        return self._view_class(ChooseResultsView)


class SnippetViewSet(WagtailSnippetViewSet):
    """The project's snippet viewsets: searchable choosers and texts in the editor's language."""

    chooser_viewset_class = SnippetChooserViewSet
    #: Chooser button texts with the right grammar, e.g. {"choose": _("Choose a country"),
    #: "choose_another": _("Choose another country"), "edit": _("Edit this country")}.
    chooser_texts = {}
    chooser_extra_columns = ()
    chooser_filter_form_class = None

    @cached_property
    def chooser_viewset(self):
        return self.chooser_viewset_class(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
            search_fields=self.search_fields or (),
            extra_columns=self.chooser_extra_columns,
            filter_form_class=self.chooser_filter_form_class,
            **(
                {"page_title": self.chooser_texts["choose"]}
                if self.chooser_texts.get("choose")
                else {}
            ),
        )

    @property
    def breadcrumbs_items(self):
        # Wagtail's own labels here are translated once, when the URLs are built.
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
        if not self.get_menu_item_is_registered():
            items.append({"url": reverse_lazy("wagtailsnippets:index"), "label": _("Snippets")})
        return items


class MultipleChooser(forms.SelectMultiple):
    """A searchable chooser for a many-to-many field.

    The chosen objects are listed as ticked checkboxes (untick one to remove it, which also
    works without JavaScript); "Add …" opens the model's snippet chooser modal, with its
    search box, in multiple-selection mode. Unlike a <select multiple>, the page carries
    only what is chosen, not every organisation in the database.

    `url_parameters` are fixed filters for the chooser modal (see
    SnippetChooserViewSet.filter_form_class); `linked_fields` maps a filter to the id of
    another field of the form whose current value is sent with it.
    """

    template_name = "icld_site/admin/multiple_chooser.html"
    use_fieldset = True

    def __init__(self, model, add_text, url_parameters=None, linked_fields=None, attrs=None):
        super().__init__(attrs=attrs)
        self.model = model
        self.add_text = add_text
        self.url_parameters = dict(url_parameters or {})
        self.linked_fields = dict(linked_fields or {})

    def chosen(self, value):
        keys = []
        for item in value or ():
            try:
                keys.append(self.model._meta.pk.to_python(item))
            except ValidationError:
                continue  # a tampered value is not shown; the form field reports it
        return list(self.model._default_manager.filter(pk__in=keys))

    def id_for_label(self, id_):
        # The group itself, which the panel's label names through aria-labelledby.
        return id_

    def get_context(self, name, value, attrs):
        # Not ChoiceWidget.get_context: that would render every possible choice.
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"].update(
            chosen=self.chosen(context["widget"]["value"]),
            add_text=self.add_text,
            chooser_url=reverse(self.model.snippet_viewset.chooser_viewset.get_url_name("choose")),
            url_parameters_json=json.dumps(self.url_parameters),
            linked_fields_json=json.dumps(self.linked_fields),
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template tree, not the form renderer's (which sees only apps').
        context = self.get_context(name, value, self.build_attrs(self.attrs, attrs))
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308

    @property
    def media(self):
        return forms.Media(
            js=[
                versioned_static("wagtailadmin/js/modal-workflow.js"),
                versioned_static("wagtailadmin/js/chooser-modal.js"),
                "js/admin-multiple-chooser.js",
            ],
            css={"all": ["css/admin.css"]},
        )
