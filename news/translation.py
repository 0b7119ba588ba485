from modeltranslation.translator import TranslationOptions, register

from .models import NewsArticlePage, NewsCategory, NewsIndexPage


@register(NewsCategory)
class NewsCategoryTranslation(TranslationOptions):
    fields = ("name", "slug")


@register(NewsIndexPage)
class NewsIndexPageTranslation(TranslationOptions):
    fields = ("menu_title", "intro")


@register(NewsArticlePage)
class NewsArticlePageTranslation(TranslationOptions):
    fields = ("teaser", "body", "image_alt", "change_note")
