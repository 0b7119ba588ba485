from modeltranslation.translator import TranslationOptions, register

from .models import Country


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
