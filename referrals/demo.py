"""Demo referrals: four persons with consent, in different stages, and one who said "not now"
to the offer, made through the services."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from organizations.models import Organization
from referrals import services
from referrals.choices import Handover, Offer, OfferAnswer, SuitabilityCheck
from referrals.models import Person

PERSONS = [
    # given, family, phone, e-mail, postcode, area, languages, interests, household, offer, stage
    ("Samir", "Demo", "+47 400 00 001", "samir@example.invalid", "3015", "Strømsø",
     ["ar", "en"], ["language_practice", "outdoor"], "single", "refugee_guide", "submitted"),
    ("Olena", "Demo", "+47 400 00 002", "olena@example.invalid", "3040", "Bragernes",
     ["uk"], ["children", "social_contact"], "family", "network_family", "accepted"),
    ("Yonas", "Demo", "+47 400 00 003", "", "3036", "Fjell",
     ["ti", "en"], ["sports"], "single", "sports", "routing"),
    ("Farida", "Demo", "", "farida@example.invalid", "3024", "Åssiden",
     ["fa"], ["language_practice"], "couple", "language_cafe", "contact_made"),
]  # fmt: skip


def seed(municipality) -> None:
    """Idempotent: does nothing when the municipality already has persons."""
    if Person.objects.filter(municipality=municipality).exists():
        return
    caseworker = User.objects.get(email="saksbehandler@demo.brobygger.no")
    contact = User.objects.get(email="kontakt@demo.brobygger.no")
    coordinator_choice = Organization.objects.get(name="Drammen Frivilligsentral")
    today = timezone.localdate()
    for (
        given,
        family,
        phone,
        email,
        code,
        area,
        languages,
        interests,
        household,
        offer,
        stage,
    ) in PERSONS:
        person = services.person_register(
            by=caseworker,
            municipality=municipality,
            given_name=given,
            family_name=family,
            phone=phone,
            email=email,
            postal_code=code,
            postal_area=area,
            languages=languages,
            interests=interests,
            household=household,
            wants_family_offer=household == "family",
            children_age_bands=["6-12"] if household == "family" else [],
        )
        consent = services.consent_record(
            person=person,
            by=caseworker,
            informed_on=today,
            information_language="en" if "en" in languages else "nb",
            interpreter_present="en" not in languages,
            shared_fields=["name", "phone", "email", "postal_area", "interests", "languages",
                           "household", "children_ages", "note"],
            organizations=[] if stage == "routing" else [coordinator_choice],
            municipality_chooses=stage == "routing",
            offer=offer,
            signed_how="screen",
            person_confirmed=True,
        )  # fmt: skip
        referral = services.referral_create(
            person=person,
            consent=consent,
            by=caseworker,
            organization=None if stage == "routing" else coordinator_choice,
            note="Passer best på kveldstid på hverdager." if stage == "submitted" else "",
            suitability=SuitabilityCheck.values,
            interpreter_needed="en" not in languages,
            interpreter_language=languages[0] if "en" not in languages else "",
        )
        if stage in ("accepted", "contact_made"):
            services.referral_accept(referral=referral, by=contact)
        if stage == "contact_made":
            services.referral_record_contact(
                referral=referral,
                by=contact,
                reached=True,
                handover=Handover.IN_PERSON,
                copies_deleted=True,
            )
    # The guide's "not now" (R52): presented a month ago, to be offered again in two months.
    waiting = services.person_register(
        by=caseworker,
        municipality=municipality,
        given_name="Hiwet",
        family_name="Demo",
        phone="+47 400 00 005",
        postal_code="3045",
        postal_area="Gulskogen",
        languages=["ti"],
        interests=["social_contact"],
        household="single",
    )
    presented_on = today - relativedelta(months=1)
    services.offer_present(
        person=waiting,
        by=caseworker,
        offer=Offer.REFUGEE_GUIDE,
        answer=OfferAnswer.NOT_NOW,
        presented_on=presented_on,
    )
