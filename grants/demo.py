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
            "name": f"{municipality.name}: grant for voluntary activity",
            "administrator": Scheme.Administrator.MUNICIPALITY,
            "administrator_name": municipality.name,
            "summary": "Small grants for open activities run by volunteers in the municipality.",
            "who_may_apply": "Voluntary organisations active in the municipality.",
            "what_is_funded": "Meeting places, language cafés, outdoor activities.",
            "amount_min": Decimal("5000.00"),
            "amount_max": Decimal("50000.00"),
            "required_documents": ["Budget", "Short description of the activity"],
            "reporting": "A short report and accounts by 1 March the year after.",
            "deadline_rule": "yearly 03-15",
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
            title="Language café on Saturdays",
            amount_applied=Decimal("20000.00"),
            status=Application.Status.IN_PROGRESS,
            deadline=local.next_deadline(timezone.localdate()),
            created_by=admin,
            draft_text="# Background\nMany newcomers want to practise Norwegian.\n\n"
            "# What we will do\nAn open language café every Saturday.",
        )
        for number, text in enumerate(local.required_documents):
            ChecklistItem.objects.create(application=application, text=text, position=number)
    if not HelpSlot.objects.filter(municipality=municipality).exists():
        day = timezone.localdate() + timedelta(days=((1 - timezone.localdate().weekday()) % 7) or 7)
        HelpSlot.objects.create(
            municipality=municipality,
            starts_at=timezone.make_aware(datetime.combine(day, time(18, 0))),
            minutes=30,
            place="Frivilligsentralen, meeting room 2",
            note="Application clinic",
            created_by=coordinator,
        )
