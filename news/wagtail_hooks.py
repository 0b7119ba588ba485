from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from icld_site.admin_ui import SnippetViewSet

from .models import NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name_sv", "name_en", "slug_sv", "slug_en"]
    search_fields = ["name_sv", "name_en"]
    ordering = ["name_sv"]
    chooser_texts = {
        "choose": _("Choose a news category"),
        "choose_another": _("Choose another news category"),
        "edit": _("Edit this news category"),
    }


register_snippet(NewsCategoryViewSet)
