"""Demo pages: the home page and the programme's pages, from the programme's own text."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model

from icld_site.demo import prepare_root, set_default_site
from icld_site.models import SiteSettings
from partners.demo_pages import load_database_page
from partners.models import Country

from .models import (
    ApplicationRound,
    ContentPage,
    EligibleOrganisationType,
    HomePage,
    ProgrammeDocument,
    ProgrammePage,
    TeamMember,
)

HOME = {
    "title_sv": "Kommunalt Partnerskap",
    "title_en": "Municipal Partnership",
    "slug_en": "home",
    "intro_sv": (
        "<p>ICLD, Internationellt centrum för lokal demokrati, stärker den lokala "
        "demokratin i världen. Genom Kommunalt Partnerskap samarbetar svenska kommuner, "
        "regioner och regionala kommunalförbund med lokala myndigheter i ett tjugotal "
        "länder för en väl fungerande och demokratisk lokal förvaltning.</p>"
    ),
    "intro_en": (
        "<p>ICLD, the International Centre for Local Democracy, strengthens local "
        "democracy around the world. Through the Municipal Partnership programme, Swedish "
        "municipalities, regions and regional federations of municipalities work with local "
        "governments in some twenty countries for well-functioning, democratic local "
        "government.</p>"
    ),
}


def paragraphs(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def round_dates(text_before, show, text_after):
    """A paragraph with the rounds' dates between two texts (programmes.blocks)."""
    return ("round_dates", {"text_before": text_before, "show": show, "text_after": text_after})


PROGRAMME = {
    "title_sv": "Kommunalt Partnerskap",
    "title_en": "Municipal Partnership",
    "slug_en": "municipal-partnership",
    "show_in_menus": True,
    "menu_title_sv": "Om programmet",
    "menu_title_en": "About the programme",
    "search_description_sv": (
        "Sidafinansierat program där svenska kommuner, regioner och kommunalförbund "
        "samarbetar med lokala myndigheter i partnerländer. Ansök två gånger om året."
    ),
    "search_description_en": (
        "A Sida-financed programme in which Swedish municipalities, regions and federations "
        "work with local governments in partner countries. Apply twice a year."
    ),
    "what_sv": (
        "<p>Kommunalt Partnerskap är en Sidafinansierad samarbetsform som genom "
        "resultatinriktade projekt ska bidra till utveckling av väl fungerande och "
        "demokratiska lokala myndigheter i prioriterade samarbetsländer och i Sverige till "
        "nytta för båda parter.</p>"
    ),
    "what_en": (
        "<p>Municipal Partnership is a Sida-financed form of cooperation which, through "
        "results-oriented projects, contributes to well-functioning and democratic local "
        "governments in priority partner countries and in Sweden, to the benefit of both "
        "parties.</p>"
    ),
    "who_sv": (
        "<p>Kommuner, regioner och regionala kommunalförbund kan söka. I vår "
        "databas kan du se vilka kommuner som är engagerade i programmet, vilka länder de "
        "samarbetar i, inom vilka områden de samarbetar och vilka personer du kan "
        "kontakta.</p>"
    ),
    "who_en": (
        "<p>Municipalities, regions and regional federations of "
        "municipalities can apply. Our database shows which municipalities take part in the "
        "programme, which countries they work in, in which areas they cooperate and whom "
        "you can contact.</p>"
    ),
    "why_sv": (
        "<p>Sverige har en lång tradition av lokalt självstyre och de svenska kommunerna har "
        "ansvar för en stor del av samhällsservicen. Svenska kommuner och regioner "
        "har därmed värdefulla kunskaper och erfarenheter att dela med sig av till sina "
        "motparter i utvecklingsländer.</p><p>Genom att engagera din kommun i Kommunalt "
        "Partnerskap får ni en möjlighet att delta i det internationella "
        "utvecklingssamarbetet, vilket kan leda till att ni förbättrar er verksamhet, till "
        "exempel genom bättre service till medborgarna eller en revitalisering av demokratin "
        "i din kommun.</p>"
    ),
    "why_en": (
        "<p>Sweden has a long tradition of local self-government, and Swedish municipalities "
        "are responsible for a large share of public services. Swedish municipalities "
        "and regions therefore have valuable knowledge and experience to share with "
        "their counterparts in developing countries.</p><p>By engaging your municipality in "
        "Municipal Partnership you take part in international development cooperation, which "
        "can help you improve your own work, for example through better services to citizens "
        "or a revitalised local democracy.</p>"
    ),
    "active_organisations_fallback_sv": (
        "Cirka 70 svenska kommuner är redan verksamma inom Kommunalt Partnerskap."
    ),
    "active_organisations_fallback_en": (
        "About 70 Swedish municipalities already take part in Municipal Partnership."
    ),
    "where_sv": "<p>Länder som är aktuella för samarbete:</p>",
    "where_en": "<p>Countries eligible for cooperation:</p>",
    "how_sv": (
        "<p>Läs mer om hur du ansöker, om våra riktlinjer och om programmets historia. Har "
        "du frågor är du välkommen att skicka ett mejl till partnership@icld.se, så svarar "
        "någon av oss i programteamet.</p>"
    ),
    "how_en": (
        "<p>Read more about how to apply, our guidelines and the history of the programme. "
        "If you have questions, write to partnership@icld.se and one of us in the programme "
        "team will answer.</p>"
    ),
    # The dates come from the rounds (programmes.blocks.RoundDatesBlock), never typed.
    "when_sv": [
        round_dates("Varje år kan du ansöka i de här omgångarna:", "all", "."),
    ],
    "when_en": [
        round_dates("Every year you can apply in these rounds:", "all", "."),
    ],
    "contact_text_sv": "<p>Skicka ett mejl så svarar någon av oss i programteamet.</p>",
    "contact_text_en": "<p>Send us an e-mail and one of us in the programme team will answer.</p>",
}

ELIGIBLE_TYPES = [
    ("Kommuner", "Municipalities"),
    ("Regioner", "Regions"),
    ("Regionala kommunalförbund", "Regional federations of municipalities"),
]
ROUNDS = [
    ("Vårens omgång", "Spring round", (15, 2, 15, 3)),
    ("Höstens omgång", "Autumn round", (15, 9, 15, 10)),
]
TEAM = ["Karin Norlin-Bogren", "Maria Larsson", "Jessica Olson", "Rikard Eduards"]


CONTENT_PAGES = {
    "sa-ansoker-du": {
        "title_sv": "Så ansöker du",
        "title_en": "How to apply",
        "slug_en": "how-to-apply",
        "intro_sv": "Så går en ansökan till Kommunalt Partnerskap, steg för steg.",
        "intro_en": "How to apply to Municipal Partnership, step by step.",
        "body_sv": [
            ("heading", {"text": "Innan du ansöker", "level": "h2"}),
            *paragraphs(
                "Kontakta gärna programteamet på partnership@icld.se i god tid för att diskutera "
                "er projektidé och vilken samarbetspart ni har tänkt er.",
                "Se i partnerskapsdatabasen vilka svenska kommuner som redan samarbetar i det "
                "land ni är intresserade av; de delar gärna med sig av sina erfarenheter.",
            ),
            ("heading", {"text": "Ansökan", "level": "h2"}),
            round_dates(
                "Ansökan lämnas under någon av de årliga ansökningsomgångarna:",
                "all",
                ". Både den svenska parten och samarbetsparten står bakom ansökan.",
            ),
        ],
        "body_en": [
            ("heading", {"text": "Before you apply", "level": "h2"}),
            *paragraphs(
                "Feel free to contact the programme team at partnership@icld.se in good time "
                "to discuss your project idea and the partner you have in mind.",
                "Use the partnership database to see which Swedish municipalities already work "
                "in the country you are interested in; they are happy to share experience.",
            ),
            ("heading", {"text": "The application", "level": "h2"}),
            round_dates(
                "Applications are made during one of the yearly rounds:",
                "all",
                ". Both the Swedish party and the partner stand behind the application.",
            ),
        ],
    },
    "riktlinjer-och-historia": {
        "title_sv": "Riktlinjer och historia",
        "title_en": "Guidelines and history",
        "slug_en": "guidelines-and-history",
        "intro_sv": "Programmets riktlinjer och hur Kommunalt Partnerskap har vuxit fram.",
        "intro_en": "The programme's guidelines and how Municipal Partnership came about.",
        "body_sv": paragraphs(
            "Kommunalt Partnerskap bygger på att båda parter lär av varandra. Projekten ska "
            "vara resultatinriktade och stärka de grundläggande demokratiprinciperna: "
            "jämlikhet, delaktighet, transparens och ansvarsutkrävande.",
            "Programmet finansieras av Sida och drivs av ICLD, Internationellt centrum för "
            "lokal demokrati.",
        ),
        "body_en": paragraphs(
            "Municipal Partnership rests on both parties learning from each other. Projects "
            "are results-oriented and strengthen the core principles of democracy: equity, "
            "participation, transparency and accountability.",
            "The programme is financed by Sida and run by ICLD, the International Centre for "
            "Local Democracy.",
        ),
    },
}


DIGG_REPORT_URL = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-"
    "offentlig-service-dos-lagen/anmal-bristande-tillganglighet"
)

ACCESSIBILITY_STATEMENT = {
    "title_sv": "Tillgänglighetsredogörelse",
    "title_en": "Accessibility statement",
    "slug_en": "accessibility-statement",
    "intro_sv": "ICLD står bakom den här webbplatsen. Vi vill att så många som möjligt ska "
    "kunna använda den.",
    "intro_en": "ICLD is responsible for this website. We want as many people as possible "
    "to be able to use it.",
    "body_sv": [
        ("heading", {"text": "Hur tillgänglig är webbplatsen?", "level": "h2"}),
        *paragraphs(
            "Webbplatsen för Kommunalt Partnerskap är delvis förenlig med lagen (2018:1937) om "
            "tillgänglighet till digital offentlig service, som bygger på standarden EN 301 549 "
            "och WCAG 2.1 nivå AA, på grund av de brister som beskrivs nedan.",
            "Alla sidor fungerar utan JavaScript, med enbart tangentbord och med skärmläsare. "
            "Kartan i partnerskapsdatabasen har en tabell med samma siffror bredvid sig.",
        ),
        ("heading", {"text": "Kända brister", "level": "h2"}),
        *paragraphs(
            "PDF-filer, till exempel riktlinjerna och äldre dokument, kan sakna taggning för "
            "skärmläsare. Kontakta oss så får du innehållet i ett "
            "tillgängligt format.",
        ),
        ("heading", {"text": "Hur vi testat webbplatsen", "level": "h2"}),
        *paragraphs(
            "Vi testar varje ändring automatiskt med axe-core i en riktig webbläsare, på båda "
            "språken och i mobilbredd, och går igenom sidorna manuellt med tangentbord. "
            "När redogörelsen senast uppdaterades står längst ned på sidan.",
        ),
        ("heading", {"text": "Rapportera brister", "level": "h2"}),
        *paragraphs(
            "Om du upptäcker problem som inte beskrivs här, eller om du behöver innehåll i ett "
            "annat format, mejla oss på partnership@icld.se. Vi svarar inom fem arbetsdagar.",
        ),
        ("heading", {"text": "Tillsyn", "level": "h2"}),
        *paragraphs(
            "Myndigheten för digital förvaltning (Digg) ansvarar för tillsynen av lagen. Om du "
            "inte är nöjd med hur vi hanterar dina synpunkter kan du "
            f'<a href="{DIGG_REPORT_URL}">anmäla bristande tillgänglighet till Digg</a>.',
        ),
    ],
    "body_en": [
        ("heading", {"text": "How accessible is this website?", "level": "h2"}),
        *paragraphs(
            "The Municipal Partnership website partially complies with the Swedish Act "
            "(2018:1937) on accessibility to digital public services, which is based on "
            "EN 301 549 and WCAG 2.1 level AA, because of the shortcomings described below.",
            "Every page works without JavaScript, with a keyboard alone and with screen "
            "readers. The map in the partnership database has a table of the same figures "
            "beside it.",
        ),
        ("heading", {"text": "Known shortcomings", "level": "h2"}),
        *paragraphs(
            "PDF files, such as the guidelines and older documents, may lack tagging for "
            "screen readers. Contact us and we will send the content in an "
            "accessible format.",
        ),
        ("heading", {"text": "How we tested the website", "level": "h2"}),
        *paragraphs(
            "Every change is tested automatically with axe-core in a real browser, in both "
            "languages and at mobile width, and the pages are reviewed by hand with a keyboard. "
            "When this statement was last updated is given at the foot of the page.",
        ),
        ("heading", {"text": "Report a problem", "level": "h2"}),
        *paragraphs(
            "If you find a problem that is not described here, or need content in another "
            "format, e-mail us at partnership@icld.se. We answer within five working days.",
        ),
        ("heading", {"text": "Supervising authority", "level": "h2"}),
        *paragraphs(
            "The Agency for Digital Government (Digg) supervises the Act. If you are not "
            "satisfied with how we handle your report, you can "
            f'<a href="{DIGG_REPORT_URL}">report the lack of accessibility to Digg</a>.',
        ),
    ],
}


PRIVACY_NOTICE = {
    "title_sv": "Så behandlar vi personuppgifter",
    "title_en": "Privacy notice",
    "slug_en": "privacy",
    "intro_sv": "ICLD är personuppgiftsansvarig för den här webbplatsen. Här står vilka "
    "uppgifter vi sparar, varför, hur länge och hur du får dem borttagna.",
    "intro_en": "ICLD is the controller of the personal data on this website. This page says "
    "what we store, why, for how long and how to have it removed.",
    "body_sv": [
        ("heading", {"text": "Vad vi sparar", "level": "h2"}),
        *paragraphs(
            "<b>Partnerförfrågningar</b> (Hitta en partner): organisationen, vad den söker och "
            "en kontaktperson med namn, roll, e-postadress och telefonnummer om du anger det.",
            "<b>Kontaktpersoner</b> i partnerskapsdatabasen: namn, roll, organisation, "
            "e-postadress och telefonnummer. Bara den som samtyckt visas på webbplatsen.",
            "<b>Logg över kontaktformulär</b>: när ett meddelande skickats genom webbplatsen "
            "och till vem, men inte vad det innehöll.",
            "<b>Svar på ”Var sidan till hjälp?”</b>: ja eller nej och en kommentar, utan "
            "adress eller annat som pekar ut dig. Kommentarer med e-postadresser sparas inte.",
            "<b>E-postprenumerationer</b>: e-postadressen, vad du prenumererar på, språket och "
            "när du anmälde dig (se nedan).",
        ),
        ("heading", {"text": "Varför", "level": "h2"}),
        *paragraphs(
            "Vi behandlar uppgifterna för att utföra en uppgift av allmänt intresse: att driva "
            "programmet Kommunalt Partnerskap på uppdrag av Sida och hjälpa kommuner och "
            "regioner att hitta partner. Kontaktuppgifter publiceras bara med ditt samtycke, "
            "som du när som helst kan återkalla.",
        ),
        ("heading", {"text": "Hur länge", "level": "h2"}),
        *paragraphs(
            "En publicerad partnerförfrågan visas i tolv månader och tas sedan bort om den inte "
            "förlängs; vi påminner dig en månad innan. En förfrågan som vi avslår raderas "
            "direkt. Loggen över kontaktformulär sparas i 90 dagar. Kontaktpersoner vars "
            "uppgifter inte bekräftats på 24 månader visas inte längre.",
        ),
        ("heading", {"text": "E-postprenumerationer", "level": "h2"}),
        *paragraphs(
            "Prenumererar du på nyheter, påminnelser om ansökningsomgångar eller en sparad "
            "sökning i partnerskapsdatabasen sparar vi bara din e-postadress, vad du valt och "
            "hur ofta, vilket språk du vill ha e-posten på och när du anmälde dig, bekräftade "
            "och senast fick ett utskick.",
            "Vi använder uppgifterna bara för att skicka det du bett om, med ditt samtycke. "
            "Ingenting skickas förrän du har bekräftat anmälan genom länken i det första "
            "e-postmeddelandet; en anmälan som inte bekräftas inom 7 dagar raderas.",
            "Uppgifterna sparas så länge du prenumererar. Varje utskick har en länk för att "
            "avsluta med ett klick och en länk för att se och ändra alla dina prenumerationer; "
            'en ny sådan länk kan du be om på sidan <a href="/sv/prenumerera/#manage-heading">'
            "Prenumerera</a>. När du avslutar din sista "
            "prenumeration raderas din e-postadress.",
        ),
        ("heading", {"text": "Få dina uppgifter borttagna", "level": "h2"}),
        *paragraphs(
            'Mejla programmet på <a href="mailto:partnership@icld.se">partnership@icld.se</a> '
            "om du vill se, rätta eller ta bort dina uppgifter, eller återkalla ditt samtycke. "
            "Du kan också klaga hos Integritetsskyddsmyndigheten (IMY).",
        ),
    ],
    "body_en": [
        ("heading", {"text": "What we store", "level": "h2"}),
        *paragraphs(
            "<b>Partner requests</b> (Find a partner): the organisation, what it is looking for "
            "and a contact person with name, role, e-mail address and phone number if given.",
            "<b>Contact persons</b> in the partnership database: name, role, organisation, "
            "e-mail address and phone number. Only those who have agreed are shown.",
            "<b>Contact-form log</b>: when a message was sent through the website and to whom, "
            "but not what it said.",
            "<b>Answers to “Was this page helpful?”</b>: yes or no and a comment, with no "
            "address or anything else that identifies you. Comments with e-mail addresses are "
            "not kept.",
            "<b>E-mail subscriptions</b>: the address, what it is subscribed to, the language "
            "and when it signed up (see below).",
        ),
        ("heading", {"text": "Why", "level": "h2"}),
        *paragraphs(
            "We process the data to perform a task in the public interest: running the "
            "Municipal Partnership programme for Sida and helping municipalities and regions "
            "find partners. Contact details are published only with your consent, which you "
            "may withdraw at any time.",
        ),
        ("heading", {"text": "For how long", "level": "h2"}),
        *paragraphs(
            "A published partner request is listed for twelve months and then removed unless "
            "renewed; we remind you a month before. A request we reject is deleted at once. "
            "The contact-form log is kept for 90 days. Contact persons whose details have not "
            "been confirmed for 24 months are no longer shown.",
        ),
        ("heading", {"text": "E-mail subscriptions", "level": "h2"}),
        *paragraphs(
            "If you subscribe to news, application-round reminders or a saved search of the "
            "partnership database, we store only your e-mail address, what you chose and how "
            "often, the language you want the e-mail in, and when you signed up, confirmed and "
            "were last sent a message.",
            "We use them only to send what you asked for, with your consent. Nothing is sent "
            "until you confirm the sign-up through the link in the first e-mail; a sign-up "
            "not confirmed within 7 days is deleted.",
            "The data is kept for as long as you subscribe. Every message has a link to "
            "unsubscribe with one click and a link to see and change all your subscriptions; "
            'you can ask for a new such link on the <a href="/en/subscribe/#manage-heading">'
            "Subscribe page</a>. When you end your last "
            "subscription, your e-mail address is deleted.",
        ),
        ("heading", {"text": "Having your data removed", "level": "h2"}),
        *paragraphs(
            'E-mail the programme at <a href="mailto:partnership@icld.se">'
            "partnership@icld.se</a> to see, correct or remove your data, or to withdraw your "
            "consent. You may also complain to the Swedish Authority for Privacy Protection "
            "(IMY).",
        ),
    ],
}

GUIDELINES_TITLE = "Riktlinjer för Kommunalt Partnerskap"


def guidelines_document(loader):
    """A small PDF made on the spot, so the demo needs no files from outside."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=GUIDELINES_TITLE).first()
    if existing:
        return existing
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    lines = [
        GUIDELINES_TITLE,
        "",
        "Demonstrationsdokument / Demonstration document",
        "ICLD - partnership@icld.se",
    ]
    for number, line in enumerate(lines):
        draw.text((120, 160 + number * 40), line, fill="black")
    buffer = BytesIO()
    page.save(buffer, format="PDF")
    loader.created += 1
    return document_model.objects.create(
        title=GUIDELINES_TITLE,
        file=ContentFile(buffer.getvalue(), name="riktlinjer-kommunalt-partnerskap.pdf"),
        file_size=len(buffer.getvalue()),
    )


def load_pages(loader):
    root = prepare_root()
    home = loader.page(root, HomePage, "hem", HOME)
    site = set_default_site(home)

    programme = loader.page(home, ProgrammePage, "kommunalt-partnerskap", PROGRAMME)
    if loader.reset or not programme.application_rounds.exists():
        programme.application_rounds = [
            ApplicationRound(
                name_sv=name_sv,
                name_en=name_en,
                opens_day=a,
                opens_month=b,
                closes_day=c,
                closes_month=d,
            )
            for name_sv, name_en, (a, b, c, d) in ROUNDS
        ]
        programme.eligible_types = [
            EligibleOrganisationType(name_sv=sv, name_en=en) for sv, en in ELIGIBLE_TYPES
        ]
        programme.team_members = [
            TeamMember(name=name, role_sv="Programteamet", role_en="Programme team")
            for name in TEAM
        ]
        programme.countries = list(Country.objects.eligible())
        programme.documents = [
            ProgrammeDocument(
                document=guidelines_document(loader),
                title_sv="Riktlinjer för Kommunalt Partnerskap",
                title_en="Guidelines for Municipal Partnership (in Swedish)",
            )
        ]
        programme.save_revision().publish()

    for slug, values in CONTENT_PAGES.items():
        # Listed under the programme's "How?", not in the main menu.
        loader.page(programme, ContentPage, slug, {**values, "show_in_menus": False})
    load_database_page(loader, programme)

    statement = loader.page(
        home, ContentPage, "tillganglighetsredogorelse", ACCESSIBILITY_STATEMENT
    )
    site_settings = SiteSettings.for_site(site)
    if loader.reset or site_settings.accessibility_statement is None:
        site_settings.accessibility_statement = statement
        site_settings.save()
    notice = loader.page(home, ContentPage, "integritet", PRIVACY_NOTICE)
    if loader.reset or site_settings.privacy_notice is None:
        site_settings.privacy_notice = notice
        site_settings.save()
    return home
