from modeltranslation.translator import TranslationOptions, register

from .models import ContactPerson, Country, Partnership, ThematicArea
from .pages import PartnershipDatabasePage


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


@register(PartnershipDatabasePage)
class PartnershipDatabasePageTranslation(TranslationOptions):
    fields = ("menu_title", "intro", "data_maintainer", "data_update_frequency")
