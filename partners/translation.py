from modeltranslation.translator import TranslationOptions, register

from .models import ContactPerson, Country, Partnership, ThematicArea


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(ThematicArea)
class ThematicAreaTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"sv": ("name",)}


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"sv": ("title",)}


@register(ContactPerson)
class ContactPersonTranslation(TranslationOptions):
    fields = ("role",)


from .pages import PartnershipDatabasePage  # noqa: E402


@register(PartnershipDatabasePage)
class PartnershipDatabasePageTranslation(TranslationOptions):
    fields = ("menu_title", "intro")
