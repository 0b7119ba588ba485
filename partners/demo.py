"""Demo content for the partnership database."""

import random
from datetime import date, timedelta

from django.utils import timezone
from django.utils.text import slugify

from .models import (
    ContactPerson,
    Country,
    County,
    Organisation,
    OrganisationType,
    Partnership,
    Phase,
    Region,
    Status,
    ThematicArea,
)

# The 21 partner countries named on the programme's page, by region.
SEED_COUNTRIES = {
    Region.EASTERN_EUROPE: ["BA", "GE", "XK", "MK", "MD", "RS", "TR", "UA", "BY"],
    Region.ASIA: ["IN", "ID", "CN", "VN"],
    Region.AFRICA: ["BW", "KE", "MZ", "NA", "ZA", "TZ", "UG", "ZM"],
}


def load_countries(loader):
    for region, codes in SEED_COUNTRIES.items():
        for code in codes:
            loader.upsert(Country, {"code": code}, {"region": region, "eligible": True})


# Swedish municipalities, regions and federations with their counties (ISO 3166-2:SE letters).
SWEDISH_ORGANISATIONS = [
    ("Borlänge kommun", County.DALARNA, OrganisationType.MUNICIPALITY),
    ("Falu kommun", County.DALARNA, OrganisationType.MUNICIPALITY),
    ("Ludvika kommun", County.DALARNA, OrganisationType.MUNICIPALITY),
    ("Region Dalarna", County.DALARNA, OrganisationType.REGION),
    ("Malmö stad", County.SKANE, OrganisationType.MUNICIPALITY),
    ("Helsingborgs stad", County.SKANE, OrganisationType.MUNICIPALITY),
    ("Lunds kommun", County.SKANE, OrganisationType.MUNICIPALITY),
    ("Kristianstads kommun", County.SKANE, OrganisationType.MUNICIPALITY),
    ("Ystads kommun", County.SKANE, OrganisationType.MUNICIPALITY),
    ("Region Skåne", County.SKANE, OrganisationType.REGION),
    ("Region Gotland", County.GOTLAND, OrganisationType.REGION),
    ("Västra Götalandsregionen", County.VASTRA_GOTALAND, OrganisationType.REGION),
    ("Göteborgs Stad", County.VASTRA_GOTALAND, OrganisationType.MUNICIPALITY),
    ("Borås Stad", County.VASTRA_GOTALAND, OrganisationType.MUNICIPALITY),
    ("Uddevalla kommun", County.VASTRA_GOTALAND, OrganisationType.MUNICIPALITY),
    ("Trollhättans stad", County.VASTRA_GOTALAND, OrganisationType.MUNICIPALITY),
    ("Skövde kommun", County.VASTRA_GOTALAND, OrganisationType.MUNICIPALITY),
    (
        "Boråsregionen Sjuhärads kommunalförbund",
        County.VASTRA_GOTALAND,
        OrganisationType.FEDERATION,
    ),
    ("Fyrbodals kommunalförbund", County.VASTRA_GOTALAND, OrganisationType.FEDERATION),
    ("Uppsala kommun", County.UPPSALA, OrganisationType.MUNICIPALITY),
    ("Enköpings kommun", County.UPPSALA, OrganisationType.MUNICIPALITY),
    ("Tierps kommun", County.UPPSALA, OrganisationType.MUNICIPALITY),
    ("Region Uppsala", County.UPPSALA, OrganisationType.REGION),
    ("Stockholms stad", County.STOCKHOLM, OrganisationType.MUNICIPALITY),
    ("Botkyrka kommun", County.STOCKHOLM, OrganisationType.MUNICIPALITY),
    ("Södertälje kommun", County.STOCKHOLM, OrganisationType.MUNICIPALITY),
    ("Huddinge kommun", County.STOCKHOLM, OrganisationType.MUNICIPALITY),
    ("Nacka kommun", County.STOCKHOLM, OrganisationType.MUNICIPALITY),
    ("Region Stockholm", County.STOCKHOLM, OrganisationType.REGION),
    ("Eskilstuna kommun", County.SODERMANLAND, OrganisationType.MUNICIPALITY),
    ("Nyköpings kommun", County.SODERMANLAND, OrganisationType.MUNICIPALITY),
    ("Katrineholms kommun", County.SODERMANLAND, OrganisationType.MUNICIPALITY),
    ("Region Sörmland", County.SODERMANLAND, OrganisationType.REGION),
    ("Linköpings kommun", County.OSTERGOTLAND, OrganisationType.MUNICIPALITY),
    ("Norrköpings kommun", County.OSTERGOTLAND, OrganisationType.MUNICIPALITY),
    ("Region Östergötland", County.OSTERGOTLAND, OrganisationType.REGION),
    ("Jönköpings kommun", County.JONKOPING, OrganisationType.MUNICIPALITY),
    ("Värnamo kommun", County.JONKOPING, OrganisationType.MUNICIPALITY),
    ("Region Jönköpings län", County.JONKOPING, OrganisationType.REGION),
    ("Växjö kommun", County.KRONOBERG, OrganisationType.MUNICIPALITY),
    ("Region Kronoberg", County.KRONOBERG, OrganisationType.REGION),
    ("Kalmar kommun", County.KALMAR, OrganisationType.MUNICIPALITY),
    ("Västerviks kommun", County.KALMAR, OrganisationType.MUNICIPALITY),
    ("Region Kalmar län", County.KALMAR, OrganisationType.REGION),
    ("Karlskrona kommun", County.BLEKINGE, OrganisationType.MUNICIPALITY),
    ("Karlshamns kommun", County.BLEKINGE, OrganisationType.MUNICIPALITY),
    ("Region Blekinge", County.BLEKINGE, OrganisationType.REGION),
    ("Halmstads kommun", County.HALLAND, OrganisationType.MUNICIPALITY),
    ("Varbergs kommun", County.HALLAND, OrganisationType.MUNICIPALITY),
    ("Karlstads kommun", County.VARMLAND, OrganisationType.MUNICIPALITY),
    ("Region Värmland", County.VARMLAND, OrganisationType.REGION),
    ("Örebro kommun", County.OREBRO, OrganisationType.MUNICIPALITY),
    ("Lindesbergs kommun", County.OREBRO, OrganisationType.MUNICIPALITY),
    ("Region Örebro län", County.OREBRO, OrganisationType.REGION),
    ("Västerås stad", County.VASTMANLAND, OrganisationType.MUNICIPALITY),
    ("Region Västmanland", County.VASTMANLAND, OrganisationType.REGION),
    ("Gävle kommun", County.GAVLEBORG, OrganisationType.MUNICIPALITY),
    ("Sandvikens kommun", County.GAVLEBORG, OrganisationType.MUNICIPALITY),
    ("Region Gävleborg", County.GAVLEBORG, OrganisationType.REGION),
    ("Sundsvalls kommun", County.VASTERNORRLAND, OrganisationType.MUNICIPALITY),
    ("Härnösands kommun", County.VASTERNORRLAND, OrganisationType.MUNICIPALITY),
    ("Örnsköldsviks kommun", County.VASTERNORRLAND, OrganisationType.MUNICIPALITY),
    ("Östersunds kommun", County.JAMTLAND, OrganisationType.MUNICIPALITY),
    ("Region Jämtland Härjedalen", County.JAMTLAND, OrganisationType.REGION),
    ("Umeå kommun", County.VASTERBOTTEN, OrganisationType.MUNICIPALITY),
    ("Skellefteå kommun", County.VASTERBOTTEN, OrganisationType.MUNICIPALITY),
    ("Region Västerbotten", County.VASTERBOTTEN, OrganisationType.REGION),
    ("Luleå kommun", County.NORRBOTTEN, OrganisationType.MUNICIPALITY),
    ("Piteå kommun", County.NORRBOTTEN, OrganisationType.MUNICIPALITY),
    ("Region Norrbotten", County.NORRBOTTEN, OrganisationType.REGION),
    ("Norrbottens Kommuner", County.NORRBOTTEN, OrganisationType.FEDERATION),
]

# Local governments in the partner countries.
PARTNER_ORGANISATIONS = {
    "BA": ["Tuzla", "Zenica", "Banja Luka", "Prijedor"],
    "GE": ["Tbilisi City Hall", "Kutaisi", "Batumi", "Rustavi"],
    "XK": ["Prishtina", "Prizren", "Gjakova", "Peja"],
    "MK": ["Skopje", "Bitola", "Ohrid", "Kumanovo"],
    "MD": ["Chisinau", "Balti", "Cahul", "Ungheni"],
    "RS": ["Nis", "Kragujevac", "Novi Sad", "Subotica"],
    "TR": ["Izmir Metropolitan Municipality", "Bursa", "Gaziantep", "Eskisehir"],
    "UA": ["Lviv", "Vinnytsia", "Chernihiv", "Ivano-Frankivsk"],
    "BY": ["Hrodna", "Brest", "Mahilyow"],
    "IN": ["Pune Municipal Corporation", "Shimla Municipal Corporation", "Kochi"],
    "ID": ["Surabaya", "Bandung", "Semarang", "Makassar"],
    "CN": ["Jinan", "Shaoxing", "Yangzhou"],
    "VN": ["Hue", "Da Nang", "Can Tho"],
    "BW": ["Gaborone City Council", "Francistown City Council", "Kweneng District Council"],
    "KE": ["Kisumu County", "Nakuru County", "Kakamega County", "Kilifi County"],
    "MZ": ["Maputo Municipal Council", "Beira", "Nampula", "Inhambane"],
    "NA": ["City of Windhoek", "Walvis Bay", "Swakopmund", "Oshakati"],
    "ZA": ["eThekwini Municipality", "Buffalo City", "Msunduzi", "Nelson Mandela Bay"],
    "TZ": ["Moshi Municipal Council", "Zanzibar City Council", "Mwanza City Council"],
    "UG": ["Jinja City Council", "Kampala Capital City Authority", "Gulu City Council"],
    "ZM": ["Lusaka City Council", "Ndola City Council", "Kitwe City Council", "Livingstone"],
}

# Partnerships with these countries have ended.
FINISHED_COUNTRIES = {"BY", "CN"}

# slug: (Swedish name, English name, Swedish topic, English topic, is a democracy principle)
THEMATIC_AREAS = {
    "miljo-och-klimat": (
        "Miljö och klimat",
        "Environment and climate",
        "klimatanpassning och dagvattenhantering",
        "climate adaptation and storm water management",
        False,
    ),
    "jamstalldhet": (
        "Jämställdhet",
        "Gender equality",
        "jämställd service och jämställdhetsbudgetering",
        "gender-equal services and gender budgeting",
        False,
    ),
    "medborgardialog": (
        "Medborgardialog",
        "Citizen dialogue",
        "medborgardialog inför budgetbeslut",
        "citizen dialogue ahead of budget decisions",
        False,
    ),
    "samhallsplanering": (
        "Samhällsplanering",
        "Urban and rural planning",
        "inkluderande fysisk planering",
        "inclusive spatial planning",
        False,
    ),
    "avfallshantering": (
        "Avfallshantering",
        "Waste management",
        "källsortering och hållbar avfallshantering",
        "recycling and sustainable waste management",
        False,
    ),
    "utbildning": (
        "Utbildning",
        "Education",
        "skolledning och elevers inflytande",
        "school leadership and pupil participation",
        False,
    ),
    "jamlikhet": ("Jämlikhet", "Equity", "", "", True),
    "delaktighet": ("Delaktighet", "Participation", "", "", True),
    "transparens": ("Transparens", "Transparency", "", "", True),
    "ansvarsutkravande": ("Ansvarsutkrävande", "Accountability", "", "", True),
}

TITLES = {
    "miljo-och-klimat": [
        ("Klimatanpassning i {place}", "Climate adaptation in {place}"),
        ("Energieffektiva kommunala byggnader", "Energy-efficient municipal buildings"),
    ],
    "jamstalldhet": [
        ("Jämställd kommunal service", "Gender-equal municipal services"),
        ("Kvinnors inflytande i lokala beslut", "Women's influence on local decisions"),
    ],
    "medborgardialog": [
        ("Medborgarbudget i {place}", "Participatory budgeting in {place}"),
        ("Ungas röster i kommunen", "Young people's voices in local government"),
    ],
    "samhallsplanering": [
        ("Inkluderande stadsplanering i {place}", "Inclusive urban planning in {place}"),
        ("Trygga offentliga platser", "Safe public spaces"),
    ],
    "avfallshantering": [
        ("Hållbar avfallshantering i {place}", "Sustainable waste management in {place}"),
        ("Från deponi till återvinning", "From landfill to recycling"),
    ],
    "utbildning": [
        ("Elevinflytande och skolledning", "Pupil participation and school leadership"),
        ("Vuxnas lärande i {place}", "Adult learning in {place}"),
    ],
}

PRINCIPLE_WORDS = {
    "jamlikhet": ("jämlikheten", "equity"),
    "delaktighet": ("invånarnas delaktighet", "residents' participation"),
    "transparens": ("öppenheten", "transparency"),
    "ansvarsutkravande": ("ansvarsutkrävandet", "accountability"),
}

# Clearly fictional contact persons; every address is at example.org.
FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Sara", "Per", "Emma", "Nils"]
LAST_NAMES = ["Exempelsson", "Testberg", "Provström", "Demodotter", "Fiktivsson", "Mallgren"]
PARTNER_FIRST_NAMES = ["Amina", "Giorgi", "Elena", "Milan", "Grace", "Thabo", "Nguyen", "Dewi"]
PARTNER_LAST_NAMES = ["Example", "Sample", "Placeholder", "Demo"]


def _contact(loader, organisation, number, rng, swedish):
    first_names, last_names = (
        (FIRST_NAMES, LAST_NAMES) if swedish else (PARTNER_FIRST_NAMES, PARTNER_LAST_NAMES)
    )
    first, last = rng.choice(first_names), rng.choice(last_names)
    email = f"{slugify(first)}.{slugify(last)}.{organisation.slug}@example.org"
    published = rng.random() < 0.8
    return loader.upsert(
        ContactPerson,
        {"organisation": organisation, "email": email},
        {
            "name": f"{first} {last}",
            "role_sv": "Internationell samordnare" if number == 0 else "Projektledare",
            "role_en": "International coordinator" if number == 0 else "Project manager",
            "phone": f"+46 10 {100 + rng.randrange(900)} {10 + rng.randrange(90)} 00"
            if swedish
            else "",
            "is_published": published,
            "consent_date": date(2024, 1 + rng.randrange(12), 1) if published else None,
            # Within the year before loading: the public site hides contacts not verified
            # for two years.
            "last_verified": timezone.localdate() - timedelta(days=1 + rng.randrange(365)),
        },
    )


# An active project in the demo began at most this many years before loading.
PROJECT_YEARS = 6
# The verbs of a partnership's description: (Swedish, English), for going on and finished.
DESCRIPTION_VERBS = {
    False: (("samarbetar", "stärker", "bygger"), ("work together", "strengthens", "builds")),
    True: (("samarbetade", "stärkte", "byggde"), ("worked together", "strengthened", "built")),
}


def load_partnerships(loader):
    """About 70 Swedish organisations and 115 partnerships across the seed countries (and,
    from demo_requests, a few entries seeking a partner)."""
    rng = random.Random(2016)  # noqa: S311 - demo data, not security
    areas = {}
    for slug, (name_sv, name_en, _topic_sv, _topic_en, principle) in THEMATIC_AREAS.items():
        areas[slug] = loader.upsert(
            ThematicArea,
            {"slug": slug},
            {"name_sv": name_sv, "name_en": name_en, "is_democracy_principle": principle},
        )
    swedish = []
    for name, county, organisation_type in SWEDISH_ORGANISATIONS:
        swedish.append(
            loader.upsert(
                Organisation,
                {"slug": slugify(name)},
                {"name": name, "county": county, "organisation_type": organisation_type},
            )
        )
    countries = {country.code: country for country in Country.objects.all()}
    partners = {}
    for code, names in PARTNER_ORGANISATIONS.items():
        partners[code] = [
            loader.upsert(
                Organisation,
                {"slug": slugify(f"{name}-{code}")},
                {
                    "name": name,
                    "country": countries[code],
                    "organisation_type": OrganisationType.LOCAL_GOVERNMENT,
                },
            )
            for name in names
        ]
    contacts = {
        organisation.pk: [
            _contact(loader, organisation, number, rng, organisation.is_swedish)
            for number in range(2 if organisation.is_swedish else 1)
        ]
        for organisation in [*swedish, *(o for group in partners.values() for o in group)]
    }

    codes = list(PARTNER_ORGANISATIONS)
    themes = list(TITLES)
    principles = list(PRINCIPLE_WORDS)
    used_slugs = set()
    this_year = timezone.localdate().year
    for number in range(120):
        code = codes[number % len(codes)]
        partner = partners[code][(number // len(codes)) % len(partners[code])]
        members = [swedish[number % len(swedish)]]
        if rng.random() < 0.2:
            members.append(rng.choice([o for o in swedish if o not in members]))
        theme = themes[number % len(themes)]
        principle = rng.choice(principles)
        title_sv, title_en = rng.choice(TITLES[theme])
        start_year = rng.randrange(2012, 2026)
        phase = Phase.PRE_STUDY if rng.random() < 0.2 else Phase.PROJECT
        if code in FINISHED_COUNTRIES or number % 6 == 5:
            status = Status.FINISHED
            start_year = min(start_year, 2021)
            end_year = start_year + (1 if phase == Phase.PRE_STUDY else rng.randrange(2, 4))
        elif number % 23 == 7:
            # Entries seeking a partner are made as the site makes them: demo_requests.
            continue
        else:
            status = Status.ACTIVE
            end_year = None if rng.random() < 0.5 else max(start_year + 3, this_year)
            if phase == Phase.PRE_STUDY:
                # A pre-study takes about a year: an active one began last year or this.
                start_year = max(start_year, this_year - 1)
                end_year = start_year + 1
            else:
                start_year = max(start_year, this_year - PROJECT_YEARS)

        place = partner.name
        topic_sv, topic_en = THEMATIC_AREAS[theme][2:4]
        principle_sv, principle_en = PRINCIPLE_WORDS[principle]
        names = ", ".join(o.name for o in members)
        # A finished partnership is told in the past tense.
        sv, en = DESCRIPTION_VERBS[status == Status.FINISHED]
        description_sv = (
            f"{names} och {place} {sv[0]} om {topic_sv}. Partnerskapet {sv[1]} "
            f"{principle_sv} i den lokala förvaltningen och {sv[2]} på erfarenheter från "
            "båda håll."
        )
        description_en = (
            f"{names} and {place} {en[0]} on "
            f"{topic_en}. The partnership {en[1]} {principle_en} in local government "
            f"and {en[2]} on experience from both sides."
        )
        slug = slugify(f"{members[0].name}-{place}-{theme}")[:70]
        while slug in used_slugs:
            slug += "-2"
        used_slugs.add(slug)

        created_before = loader.created
        partnership = loader.upsert(
            Partnership,
            {"slug": slug},
            {
                "title_sv": title_sv.format(place=place),
                "title_en": title_en.format(place=place),
                "description_sv": description_sv,
                "description_en": description_en,
                "country": countries[code],
                "status": status,
                "phase": phase,
                "start_year": start_year,
                "end_year": end_year,
            },
        )
        if loader.created > created_before or loader.reset:
            partnership.swedish_organisations.set(members)
            partnership.partner_organisations.set([partner])
            partnership.thematic_areas.set([areas[theme], areas[principle]])
            people = [contacts[partner.pk][0]]
            for member in members:
                people.append(contacts[member.pk][number % 2])
            partnership.contacts.set(people)
            partnership.save()


def date_changes(loader):
    """Partnerships saved by this run say they changed on days of the year before loading,
    as an editor or an import would have left them, never on the day of loading."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    saved_now = Partnership.objects.filter(updated_at__gte=loader.started_at).order_by("pk")
    for pk in saved_now.values_list("pk", flat=True):
        changed = loader.started_at - timedelta(days=1 + rng.randrange(365))
        Partnership.objects.filter(pk=pk).update(updated_at=changed)
