"""The befriending template in nynorsk, for the municipalities that write nynorsk (Voss herad
among them): the same split of responsibilities as the bokmål template (0002), in our own
nynorsk words and with the terms of docs/glossary.md (samarbeidsavtale, samtykke, frivillig,
tilsette). Before this a nynorsk coordinator could only start from the bokmål text."""

from django.db import migrations

NAME = "Nettverks- og venetilbod for flyktningar"

NYNORSK = {
    "kind": "initiative",
    "title": "Samarbeidsavtale om nettverkstilbod for flyktningar",
    "purpose": "Gje nykomne flyktningar eit sosialt nettverk gjennom frivillige, som eit "
    "supplement til introduksjonsprogrammet i kommunen.",
    "target_group": "Flyktningar som er busette i kommunen dei siste to åra, og som ønskjer "
    "kontakt med frivillige.",
    "contact_sharing": "Kontaktopplysningar blir berre sende gjennom Brobygger, etter at personen "
    "har samtykt, og dei blir sletta når kontakten er oppretta.",
    "municipal_support": "Møterom, tolk ved behov og opplæring av frivillige.",
    "meeting_frequency": "Annakvar månad, på kveldstid",
    "sections": [
        {
            "heading": "Teieplikt og samtykke",
            "body": "Kommunen gjev ingen opplysningar om flyktningar vidare utan skriftleg "
            "samtykke. Organisasjonen ber dei frivillige slette opplysningane når kontakten er "
            "oppretta.",
        },
        {
            "heading": "Usemje",
            "body": "Partane tek opp usemje på neste møte, og kan seie opp avtalen med ein "
            "månads varsel.",
        },
    ],
    "matrix": [
        ("Gjere tilbodet kjent for dei tilsette og informere flyktningar om det", "municipality"),
        ("Hente inn samtykke før kontaktopplysningar blir gjevne vidare", "municipality"),
        ("Syte for at dei tilsette forstår kva frivillige kan og ikkje kan gjere", "municipality"),
        (
            "Rekruttere frivillige, inngå frivilligavtalar og krevje politiattest der dei møter "
            "born",
            "organization",
        ),
        ("Finne gode match mellom frivillige og flyktningar", "organization"),
        ("Syte for at dei frivillige forstår pliktene og ansvaret til kommunen", "organization"),
        ("Evaluere samarbeidet ein gong i året", "shared"),
    ],
}


def seed(apps, schema_editor):
    template = apps.get_model("agreements", "Template")
    text = dict(NYNORSK)
    matrix = text.pop("matrix")
    template.objects.get_or_create(
        municipality=None,
        language="nn",
        name=NAME,
        defaults={
            **text,
            "matrix": [
                {"task": task, "responsible": who, "description": ""} for task, who in matrix
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0009_lead_contributions_and_organization_drafts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
