"""Demo news: the programme's six published news items, their categories and the news index.

Dates, titles, categories and teasers are the programme's own; the bodies expand the
teasers without adding facts. The two English items are English-only, the Sketchnotes
item Swedish-only, the rest are in both languages.
"""

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from partners.models import Partnership

from .models import (
    ArticleLanguage,
    NewsArticlePage,
    NewsArticlePartnership,
    NewsCategory,
    NewsIndexPage,
)

CATEGORIES = [
    ("icld", "ICLD", "icld", "ICLD"),
    ("kommunalt-partnerskap", "Kommunalt partnerskap", "municipal-partnership",
     "Municipal partnership"),
    ("utbildningsprogram", "Utbildningsprogram", "training-programmes", "Training programmes"),
    ("kunskapscentrum", "Kunskapscentrum", "knowledge-centre", "Knowledge centre"),
]  # fmt: skip

ALL = ["icld", "kommunalt-partnerskap", "utbildningsprogram", "kunskapscentrum"]

INDEX = {
    "title_sv": "Aktuellt",
    "title_en": "News",
    "slug_en": "news",
    "show_in_menus": True,
    "intro_sv": "<p>Nyheter från Kommunalt Partnerskap och ICLD.</p>",
    "intro_en": "<p>News from the Municipal Partnership programme and ICLD.</p>",
}


def paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


ARTICLES = [
    {
        "slug_sv": "invitation-to-a-round-table-meeting-of-researchers",
        "date": datetime.date(2016, 10, 14),
        "categories": ALL,
        "languages": ArticleLanguage.ENGLISH,
        "title_en": (
            "Invitation to a round table meeting of researchers Malmö, Sweden 12 – 13 December 2016"
        ),
        "teaser_en": (
            "Invitation to Russian and Swedish researchers experienced in studying local "
            "governance for a round table meeting of researchers in Malmö, Sweden "
            "12 – 13 December 2016."
        ),
        "body_en": paragraphs(
            "ICLD invites Russian and Swedish researchers with experience of studying local "
            "governance to a round table meeting in Malmö on 12 – 13 December 2016.",
            "The meeting is an opportunity to share research on local self-government, to "
            "compare experiences from both countries and to discuss how research can support "
            "the cooperation between municipalities and regions in Russia and Sweden.",
            "Questions about the meeting and how to take part can be sent to "
            '<a href="mailto:partnership@icld.se">partnership@icld.se</a>.',
        ),
    },
    {
        "slug_sv": "sju-samarbeten-for-kommuner-och-regioner-i-sverige-och-ryssland",
        "slug_en": "seven-partnerships-for-municipalities-and-regions-in-sweden-and-russia",
        "date": datetime.date(2016, 9, 29),
        "categories": ["icld", "kommunalt-partnerskap", "utbildningsprogram"],
        "title_sv": "Sju samarbeten för kommuner och regioner i Sverige och Ryssland",
        "title_en": "Seven partnerships for municipalities and regions in Sweden and Russia",
        "teaser_sv": (
            "Sju samarbeten om hållbarhetsfrågor och inkludering av personer med "
            "funktionsvariationer är starten på det nya Rysslandsprogrammet."
        ),
        "teaser_en": (
            "Seven partnerships on sustainability and the inclusion of persons with "
            "disabilities mark the start of the new Russia programme."
        ),
        "body_sv": paragraphs(
            "Det nya Rysslandsprogrammet inleds med sju samarbeten mellan kommuner och "
            "regioner i Sverige och Ryssland.",
            "Samarbetena handlar om hållbarhetsfrågor och om hur personer med "
            "funktionsvariationer kan inkluderas i samhället. Parterna arbetar tillsammans "
            "för att utveckla den lokala förvaltningen och lära av varandra.",
            "Vill du veta mer om programmet är du välkommen att kontakta oss på "
            '<a href="mailto:partnership@icld.se">partnership@icld.se</a>.',
        ),
        "body_en": paragraphs(
            "The new Russia programme starts with seven partnerships between municipalities "
            "and regions in Sweden and Russia.",
            "The partnerships deal with sustainability and with how persons with disabilities "
            "can be included in society. The partners work together to develop local "
            "government and to learn from each other.",
            "To find out more about the programme, please contact us at "
            '<a href="mailto:partnership@icld.se">partnership@icld.se</a>.',
        ),
    },
    {
        "slug_sv": "nya-insikter-nar-samarbetsparter-gar-kp-utbildning-tillsammans",
        "slug_en": "new-insights-when-partners-take-the-mpp-training-together",
        "date": datetime.date(2016, 9, 26),
        "categories": ["icld", "kommunalt-partnerskap"],
        "title_sv": "Nya insikter när samarbetsparter går KP-utbildning tillsammans",
        "title_en": "New insights when partners take the MPP training together",
        "teaser_sv": (
            "Det visar sig vara en bra sak att samordnare från både svenska kommuner och "
            "deras samarbetsparter går ICLD:s utbildning för redan aktiva tillsammans."
        ),
        "teaser_en": (
            "It turns out to be a good thing when coordinators from Swedish municipalities "
            "and from their partners take ICLD's training for active partnerships together."
        ),
        "body_sv": paragraphs(
            "ICLD erbjuder en utbildning för dem som redan är aktiva i Kommunalt Partnerskap. "
            "Allt oftare deltar samordnare från både den svenska kommunen och "
            "samarbetsparten.",
            "När parterna går utbildningen tillsammans får de samma grund att stå på. De kan "
            "diskutera projektets mål, arbetssätt och uppföljning direkt med varandra och "
            "upptäcker ofta nya sätt att se på sitt gemensamma arbete.",
            "Erfarenheterna är goda, och vi uppmuntrar partnerskap att anmäla samordnare "
            "från båda parter.",
        ),
        "body_en": paragraphs(
            "ICLD offers a training course for those already active in the Municipal "
            "Partnership programme. More and more often, coordinators from both the Swedish "
            "municipality and its partner take part.",
            "When the partners take the course together they share the same starting point. "
            "They can discuss the project's goals, working methods and follow-up directly "
            "with each other, and often discover new ways of looking at their joint work.",
            "The experience has been good, and we encourage partnerships to register "
            "coordinators from both sides.",
        ),
    },
    {
        "slug_sv": "requirements-for-reporting",
        "date": datetime.date(2016, 9, 13),
        "categories": ["icld", "kommunalt-partnerskap"],
        "languages": ArticleLanguage.ENGLISH,
        "title_en": "Requirements for reporting",
        "teaser_en": (
            "The English translation of our requirements for reporting for all our types of "
            "MPP projects can now be found on our website."
        ),
        "body_en": paragraphs(
            "The requirements for reporting apply to all types of projects in the Municipal "
            "Partnership Programme (MPP). They are now available in English as well as in "
            "Swedish.",
            "Partners can use the English version when preparing reports together, so that "
            "everyone involved in a project works from the same text.",
            "Questions about reporting can be sent to "
            '<a href="mailto:partnership@icld.se">partnership@icld.se</a>.',
        ),
    },
    {
        "slug_sv": "sketchnotes-fran-icld-almedalen-2016",
        "date": datetime.date(2016, 7, 21),
        "categories": ALL,
        "languages": ArticleLanguage.SWEDISH,
        "title_sv": "Sketchnotes från ICLD Almedalen 2016",
        "teaser_sv": "En tillbakablick på vad som hände hos ICLD under Almedalen 2016.",
        "body_sv": paragraphs(
            "Under Almedalsveckan 2016 fångades ICLD:s seminarier och samtal i sketchnotes, "
            "tecknade anteckningar som sammanfattar vad som sades.",
            "Här ger vi en tillbakablick på veckans programpunkter och de frågor som "
            "diskuterades, med fokus på den lokala nivåns roll för en hållbar utveckling.",
        ),
    },
    {
        "slug_sv": "tack-for-en-mycket-lyckad-almedalsvecka-hos-oss-pa-icld",
        "slug_en": "thank-you-for-a-very-successful-almedalen-week-at-icld",
        "date": datetime.date(2016, 7, 11),
        "categories": ALL,
        "title_sv": "Tack för en mycket lyckad Almedalsvecka hos oss på ICLD",
        "title_en": "Thank you for a very successful Almedalen week at ICLD",
        "teaser_sv": (
            "En vecka med fokus på hur vi gemensamt på den lokala nivån bidrar till att nå de "
            "globala målen och en hållbar utveckling."
        ),
        "teaser_en": (
            "A week focusing on how we, together at the local level, contribute to reaching "
            "the global goals and sustainable development."
        ),
        "body_sv": paragraphs(
            "Tack till alla som besökte oss under Almedalsveckan i Visby.",
            "Veckan handlade om hur kommuner och regioner tillsammans bidrar till att nå de "
            "globala målen och en hållbar utveckling, i Sverige och hos våra samarbetsparter.",
            "Samtalen under veckan ger oss mycket att ta med i det fortsatta arbetet.",
        ),
        "body_en": paragraphs(
            "Thank you to everyone who visited us during the Almedalen week in Visby.",
            "The week was about how municipalities and regions together contribute to "
            "reaching the global goals and sustainable development, in Sweden and with our "
            "partners.",
            "The conversations during the week give us much to take into our continued work.",
        ),
    },
]


def load_news(loader):
    categories = {
        slug_sv: loader.upsert(
            NewsCategory,
            {"slug_sv": slug_sv},
            {"slug": slug_sv, "name_sv": name_sv, "slug_en": slug_en, "name_en": name_en},
        )
        for slug_sv, name_sv, slug_en, name_en in CATEGORIES
    }
    index = loader.page(loader.home(), NewsIndexPage, "aktuellt", INDEX)
    index.grant_editors_permissions()
    for article in ARTICLES:
        values = dict(article)
        slug = values.pop("slug_sv")
        values["categories"] = [categories[code] for code in values["categories"]]
        language = values.get("languages", ArticleLanguage.BOTH)
        # An article in one language has its text, title and slug in that language only;
        # Wagtail still needs a title and slug for both URLs.
        if language == ArticleLanguage.ENGLISH:
            values["title_sv"] = values["title_en"]
        values.setdefault("title_en", values["title_sv"])
        values.setdefault("slug_en", slug)
        values["first_published_at"] = timezone.make_aware(
            datetime.datetime.combine(values["date"], datetime.time(9))
        )
        loader.page(index, NewsArticlePage, slug, values)
    return index


# Articles that tell about particular partnerships, by article slug and partnership countries.
ARTICLE_PARTNERSHIPS = {
    "nya-insikter-nar-samarbetsparter-gar-kp-utbildning-tillsammans": ["MD", "KE"],
}


def link_partnerships(loader):
    """Relate demo articles to a partnership in each named country (runs after the data)."""
    for slug, countries in ARTICLE_PARTNERSHIPS.items():
        article = NewsArticlePage.objects.filter(slug_sv=slug).first()
        if article is None or (article.partnership_links.exists() and not loader.reset):
            continue
        partnerships = [
            Partnership.objects.active().in_country(code).order_by("pk").first()
            for code in countries
        ]
        article.partnership_links = [
            NewsArticlePartnership(partnership=p) for p in partnerships if p is not None
        ]
        article.save_revision().publish()
