"""Demo entries seeking a partner, made the way the site makes them: a request as the public
form ("Find a partner") stores it, approved by an editor (PartnerRequest.approve()).

Each was approved some days before the day the demo is loaded, so each is listed, as the
site promises, for twelve months from its approval: all are public on the loading day and
expire one by one within the year. A Swedish member names the countries where it wants a
partner; a local government in a partner country looks for a Swedish partner.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .demo import PRINCIPLE_WORDS, THEMATIC_AREAS
from .models import ContactPerson, Country, Organisation, Partnership, ThematicArea
from .models.requests import PartnerRequest

# (organisation slug, countries where a partner is wanted (Swedish members only), thematic
# area, democracy principle, days between approval and the loading day)
DEMO_REQUESTS = [
    ("kitwe-city-council-zm", [], "avfallshantering", "transparens", 18),
    ("ystads-kommun", ["GE", "MD"], "medborgardialog", "delaktighet", 47),
    ("semarang-id", [], "miljo-och-klimat", "jamlikhet", 104),
    ("region-vastmanland", ["KE", "TZ"], "jamstalldhet", "ansvarsutkravande", 196),
    ("ungheni-md", [], "utbildning", "delaktighet", 288),
]
# Days between the request's submission and its approval.
REVIEW_DAYS = 4


def _descriptions(organisation, wanted, theme, principle):
    topic_sv, topic_en = THEMATIC_AREAS[theme][2:4]
    principle_sv, principle_en = PRINCIPLE_WORDS[principle]
    if not wanted:
        return (
            f"{organisation.name} söker en svensk kommun eller region att samarbeta med om "
            f"{topic_sv}, för att stärka {principle_sv} i den lokala förvaltningen.",
            f"{organisation.name} is looking for a Swedish municipality or region to work "
            f"with on {topic_en}, to strengthen {principle_en} in local government.",
        )
    names_sv = " eller ".join(country.name_sv for country in wanted)
    names_en = " or ".join(country.name_en for country in wanted)
    return (
        f"{organisation.name} söker en lokal förvaltning i {names_sv} att samarbeta med om "
        f"{topic_sv}, för att stärka {principle_sv} hos båda parter.",
        f"{organisation.name} is looking for a local government in {names_en} to work with "
        f"on {topic_en}, to strengthen {principle_en} on both sides.",
    )


def _request(organisation, wanted, theme, principle, approved_on):
    """The request as the public form stores it, submitted REVIEW_DAYS before approval."""
    contact = ContactPerson.objects.filter(organisation=organisation).order_by("pk").first()
    language = "sv" if organisation.is_swedish else "en"
    description_sv, description_en = _descriptions(organisation, wanted, theme, principle)
    submitted_on = approved_on - timedelta(days=REVIEW_DAYS)
    request = PartnerRequest.objects.create(
        language=language,
        organisation=organisation,
        description_sv=description_sv,
        description_en=description_en,
        contact_name=contact.name,
        contact_role=contact.role_sv if language == "sv" else contact.role_en,
        contact_email=contact.email,
        contact_phone=contact.phone,
        submitted_at=timezone.make_aware(datetime.combine(submitted_on, time(10))),
    )
    request.wanted_countries.set(wanted)
    request.thematic_areas.set(ThematicArea.objects.filter(slug__in=[theme, principle]))
    return request


def load_partner_requests(loader):
    today = timezone.localdate()
    for slug, codes, theme, principle, days in DEMO_REQUESTS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        existing = Partnership.objects.seeking_partner().with_organisation(organisation)
        if existing.exists():
            if not loader.reset:
                continue
            existing.delete()
            loader.updated += 1
        else:
            loader.created += 1
        wanted = [Country.objects.get(code=code) for code in codes]
        approved_on = today - timedelta(days=days)
        request = _request(organisation, wanted, theme, principle, approved_on)
        partnership = request.approve(today=approved_on)
        # Listed and last changed on the day it was approved, as the site records it.
        approved_at = timezone.make_aware(datetime.combine(approved_on, time(10)))
        Partnership.objects.filter(pk=partnership.pk).update(
            updated_at=approved_at, listed_at=approved_at
        )
