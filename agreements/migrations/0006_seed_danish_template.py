"""The Danish agreement template Brobygger ships, written in our own words from the split of
responsibilities in the Danish Red Cross guide to municipalities that cooperate with volunteers
on refugees' networks (Næstved's way of working): what the municipality does, what the
association does, a contact person on each side, how contact data is passed on, and a meeting
every second month."""

from django.db import migrations

NAME = "Netværkstilbud til flygtninge (Røde Kors' model)"

DANISH = {
    "kind": "initiative",
    "title": "Samarbejdsaftale om netværkstilbud til flygtninge",
    "purpose": "At give nyankomne flygtninge et netværk gennem frivillige, som et supplement til "
    "kommunens integrationsindsats. De frivillige hjælper med hverdagen, sproget og kontakten til "
    "foreningslivet; kommunen har ansvaret for integrationsprogrammet.",
    "target_group": "Flygtninge, der er boligplaceret i kommunen, og som gerne vil have kontakt "
    "med en frivillig.",
    "contact_sharing": "Kommunen giver kun en flygtnings kontaktoplysninger videre, når personen "
    "har givet samtykke på samtykke- og kontaktskemaet. Kommunens kontaktperson sender dem "
    "gennem Brobygger til foreningens kontaktperson, som giver dem til den frivillige, der "
    "bliver matchet. Oplysningerne slettes, når kontakten er skabt.",
    "municipal_support": "En kontaktperson i kommunen, lokaler til møder og introduktion af de "
    "frivillige, og tolk når der er brug for det.",
    "meeting_frequency": "Hver anden måned",
    "sections": [
        {
            "heading": "Kontaktpersoner",
            "body": "Kommunen udpeger en kontaktperson, og foreningen udpeger en eller flere "
            "kontaktpersoner. De er indgangen til henholdsvis kommunen og de frivillige, så den "
            "enkelte sagsbehandler ikke får mange henvendelser fra frivillige. Parterne aftaler, "
            "hvordan og hvornår kontaktpersonerne kan kontakte hinanden, også uden for "
            "almindelig arbejdstid.",
        },
        {
            "heading": "Tavshedspligt og samtykke",
            "body": "Kommunen har tavshedspligt og giver ingen oplysninger om en flygtning videre "
            "uden samtykke. Foreningen beder de frivillige om at behandle oplysningerne "
            "fortroligt og slette dem, når kontakten er skabt.",
        },
        {
            "heading": "Møder",
            "body": "Kontaktpersonerne mødes hver anden måned for at følge op på samarbejdet, "
            "matchene og de frivilliges erfaringer.",
        },
        {
            "heading": "Uenighed og opsigelse",
            "body": "Parterne tager uenighed op på det næste møde. Aftalen kan opsiges med en "
            "måneds varsel.",
        },
    ],
    "matrix": [
        ("Informere kommunens medarbejdere og flygtninge om tilbuddet", "municipality"),
        (
            "Indhente samtykke fra flygtninge til, at deres kontaktoplysninger må videregives "
            "til frivillige",
            "municipality",
        ),
        (
            "Sørge for, at kommunens medarbejdere forstår de frivilliges rolle",
            "municipality",
        ),
        ("Udpege en kontaktperson i kommunen", "municipality"),
        (
            "Rekruttere frivillige, sørge for at de underskriver frivilligaftaler, og indhente "
            "børneattester",
            "organization",
        ),
        ("Finde gode match mellem frivillige og flygtninge", "organization"),
        (
            "Sørge for, at de frivillige forstår kommunens opgaver og pligter",
            "organization",
        ),
        ("Udpege en eller flere kontaktpersoner i foreningen", "organization"),
        ("Mødes hver anden måned og evaluere samarbejdet en gang om året", "shared"),
    ],
}


def seed(apps, schema_editor):
    template = apps.get_model("agreements", "Template")
    text = dict(DANISH)
    matrix = text.pop("matrix")
    template.objects.get_or_create(
        municipality=None,
        language="da",
        name=NAME,
        defaults={
            **text,
            "matrix": [
                {"task": task, "responsible": who, "description": ""} for task, who in matrix
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_template_language_nynorsk_and_danish")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
