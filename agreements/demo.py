"""Cooperation agreements' demo data, made through the services as people would.
`manage.py demo_data` (the demo app) puts every app's demo data together."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Template
from agreements.services import (
    agreement_approve,
    agreement_create,
    agreement_send_for_approval,
    agreement_start_revision,
    agreement_update,
    need_respond,
    need_save,
)
from organizations.models import Organization


def seed(municipality) -> None:
    """Through the services, as people would: a draft, an active framework agreement approved
    by all, one waiting for an organisation, one active under revision, and a need with two
    answers."""
    if Agreement.objects.filter(municipality=municipality).exists():
        return
    # Fresh objects: the roles cached on a user (accounts.selectors.user_roles) were read
    # before the memberships above were made.
    person = {u.email: u for u in User.objects.filter(email__endswith="@demo.brobygger.no")}
    coordinator = person["koordinator@demo.brobygger.no"]
    org = {o.name: o for o in Organization.objects.filter(municipalities=municipality)}
    frivilligsentral, rode_kors = org["Drammen Frivilligsentral"], org["Røde Kors Drammen"]
    folkehjelp, menighet = org["Norsk Folkehjelp Drammen"], org["Bragernes menighet"]
    befriending = Template.objects.get(
        municipality=None, language="nb", name="Nettverks- og vennetilbud for flyktninger"
    )
    framework = Template.objects.get(
        municipality=None, language="nb", name="Rammeavtale mellom kommunen og frivilligheten"
    )
    now = timezone.now()
    today = timezone.localdate()

    def create(template, organizations, title="", starts_on=today):
        return agreement_create(
            by=coordinator,
            municipality=municipality,
            template=template,
            organizations=organizations,
            title=title,
            starts_on=starts_on,
        )

    def edit(agreement, **fields):
        agreement.refresh_from_db()
        sections = [{"heading": s.heading, "body": s.body} for s in agreement.sections.all()]
        rows = [
            {
                "task": r.task,
                "responsible": r.responsible,
                "organization": r.organization,
                "description": r.description,
            }
            for r in agreement.rows.all()
        ]
        extra_rows = fields.pop("extra_rows", [])
        agreement_update(
            by=coordinator,
            agreement=agreement,
            revision=agreement.revision,
            fields=fields,
            sections=sections,
            rows=rows + extra_rows,
            now=now,
        )

    def approve(agreement, *emails):
        number = agreement.versions.order_by("-number").first().number
        for email in emails:
            agreement_approve(by=person[email], agreement=agreement, version_number=number, now=now)

    # 1. A draft from the befriending template, with Røde Kors.
    create(befriending, [rode_kors], starts_on=today + timedelta(days=30))

    # 2. An active framework agreement with three organisations, approved by all (version 1).
    active = create(
        framework,
        [frivilligsentral, rode_kors, folkehjelp],
        starts_on=today - timedelta(days=60),
    )
    agreement_send_for_approval(by=coordinator, agreement=active, now=now)
    approve(
        active,
        "koordinator@demo.brobygger.no",
        "leder@demo.brobygger.no",
        "rodekors@demo.brobygger.no",
        "folkehjelp@demo.brobygger.no",
    )

    # 3. Sent for approval: the municipality approved, Drammen Frivilligsentral has not yet.
    waiting = create(
        befriending,
        [frivilligsentral],
        title="Samarbeidsavtale om språkvenner",
        starts_on=today + timedelta(days=14),
    )
    edit(waiting, ends_on=today + timedelta(days=380), review_on=today + timedelta(days=200))
    agreement_send_for_approval(by=coordinator, agreement=waiting, now=now)
    approve(waiting, "koordinator@demo.brobygger.no")

    # 4. Active, with a revision in progress (version 1 stays in force meanwhile).
    revised = create(
        befriending,
        [menighet],
        title="Samarbeidsavtale om nettverksfamilier",
        starts_on=today - timedelta(days=300),
    )
    edit(revised, ends_on=today + timedelta(days=430), review_on=today + timedelta(days=30))
    agreement_send_for_approval(by=coordinator, agreement=revised, now=now)
    approve(revised, "koordinator@demo.brobygger.no", "menighet@demo.brobygger.no")
    agreement_start_revision(by=coordinator, agreement=revised)
    edit(
        revised,
        meeting_frequency="Hver måned det første året, deretter annenhver måned",
        extra_rows=[
            {
                "task": "Invitere familiene til en felles sommeravslutning",
                "responsible": "shared",
                "organization": None,
                "description": "",
            }
        ],
    )

    # A published cooperation need with two answers.
    need = need_save(
        by=coordinator,
        need=None,
        municipality=municipality,
        fields={
            "title": "Nettverksfamilier for 12 nyankomne husstander i vår",
            "description": "Kommunen bosetter 12 husstander i vår og ønsker at hver får en "
            "nettverksfamilie som kan møte dem et par ganger i måneden det første halvåret.",
            "target_group": "Nyankomne flyktningfamilier",
            "quantity": 12,
            "starts_on": today + timedelta(days=14),
            "ends_on": today + timedelta(days=200),
            "help_wanted": "Familier som vil bli kjent med en nyankommen husstand",
            "is_published": True,
        },
    )
    need_respond(
        by=person["menighet@demo.brobygger.no"],
        need=need,
        organization=menighet,
        note="Vi har åtte familier i menigheten som gjerne vil være nettverksfamilier.",
    )
    need_respond(
        by=person["leder@demo.brobygger.no"],
        need=need,
        organization=frivilligsentral,
        note="Vi kan rekruttere og kurse fire familier gjennom frivilligsentralen.",
    )
