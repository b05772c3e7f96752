"""Demo data for grant guidance: the starter catalogue (the `grant_schemes` fixture), one scheme
of the municipality's own, an application in the first organisation's tracker and a help time.
Safe to run twice."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from grants.models import Application, ChecklistItem, Follow, HelpSlot, Scheme


def load(*, municipality, organization, coordinator=None, admin=None) -> None:
    call_command("loaddata", "grant_schemes", verbosity=0)
    local, _created = Scheme.objects.get_or_create(
        slug=f"{municipality.slug}-voluntary-activity-grant",
        defaults={
            "municipality": municipality,
            "name": f"{municipality.name}: tilskudd til frivillig aktivitet",
            "administrator": Scheme.Administrator.MUNICIPALITY,
            "administrator_name": municipality.name,
            "summary_nb": "Små tilskudd til åpne aktiviteter som frivillige driver i kommunen.",
            "who_may_apply_nb": "Frivillige organisasjoner som er aktive i kommunen.",
            "what_is_funded_nb": "Møteplasser, språkkafeer og friluftsaktiviteter.",
            "amount_min": Decimal("5000.00"),
            "amount_max": Decimal("50000.00"),
            "required_documents": ["Budsjett", "Kort beskrivelse av aktiviteten"],
            "reporting": "En kort rapport og regnskap innen 1. mars året etter.",
            "deadline_rule": "yearly 03-15",
            "deadline_pattern_nb": "vanligvis i midten av mars",
            "cooperation_is_criterion": True,
            "contact_person": "Frivillighetskoordinatoren",
            "report_rule": "yearly 03-01",
            "check_official_deadline": False,
            "status": Scheme.Status.PUBLISHED,
            "created_by": coordinator,
        },
    )
    integration = Scheme.objects.get(slug="imdi-integration-local")
    Follow.objects.get_or_create(
        scheme=integration, organization=organization, defaults={"created_by": admin}
    )
    if not Application.objects.filter(organization=organization).exists():
        application = Application.objects.create(
            organization=organization,
            scheme=local,
            title="Språkkafé på lørdager",
            amount_applied=Decimal("20000.00"),
            status=Application.Status.IN_PROGRESS,
            deadline=local.current_deadline(timezone.localdate()),
            created_by=admin,
            draft_text="# Bakgrunn\nMange nyankomne vil øve på norsk.\n\n"
            "# Hva vi skal gjøre\nEn åpen språkkafé hver lørdag.",
        )
        for number, text in enumerate(local.required_documents):
            ChecklistItem.objects.create(application=application, text=text, position=number)
    if not HelpSlot.objects.filter(municipality=municipality).exists():
        day = timezone.localdate() + timedelta(days=((1 - timezone.localdate().weekday()) % 7) or 7)
        HelpSlot.objects.create(
            municipality=municipality,
            starts_at=timezone.make_aware(datetime.combine(day, time(18, 0))),
            minutes=30,
            place="Frivilligsentralen, møterom 2",
            note="Søknadsverksted",
            created_by=coordinator,
        )
