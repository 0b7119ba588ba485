from modeltranslation.translator import TranslationOptions, register

from .models import (
    ApplicationRound,
    ContentPage,
    EligibleOrganisationType,
    HomePage,
    ProgrammeDocument,
    ProgrammePage,
    TeamMember,
)


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ContentPage)
class ContentPageTranslation(TranslationOptions):
    fields = ("menu_title", "intro", "body")


@register(ProgrammePage)
class ProgrammePageTranslation(TranslationOptions):
    fields = (
        "menu_title",
        "what",
        "film",
        "who",
        "why",
        "active_organisations_fallback",
        "where",
        "how",
        "when",
        "contact_text",
    )


@register(ApplicationRound)
class ApplicationRoundTranslation(TranslationOptions):
    fields = ("name",)


@register(EligibleOrganisationType)
class EligibleOrganisationTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(ProgrammeDocument)
class ProgrammeDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(TeamMember)
class TeamMemberTranslation(TranslationOptions):
    fields = ("role",)
