"""The two templates Brobygger ships, in Norwegian bokmål and English, written in our own words
from the split of responsibilities the source documents recommend."""

from django.db import migrations

BEFRIENDING = {
    "nb": {
        "name": "Nettverks- og vennetilbud for flyktninger",
        "title": "Samarbeidsavtale om nettverkstilbud for flyktninger",
        "purpose": "Gi nyankomne flyktninger et sosialt nettverk gjennom frivillige, som et "
        "supplement til kommunens introduksjonsprogram.",
        "target_group": "Flyktninger bosatt i kommunen de siste to årene som ønsker kontakt med "
        "frivillige.",
        "contact_sharing": "Kontaktopplysninger sendes bare gjennom Brobygger, etter at personen "
        "har samtykket, og slettes når kontakt er opprettet.",
        "municipal_support": "Møterom, tolk ved behov og opplæring av frivillige.",
        "meeting_frequency": "Annenhver måned, på kveldstid",
        "sections": [
            {"heading": "Taushetsplikt og samtykke", "body": "Kommunen gir ingen opplysninger om "
             "flyktninger videre uten skriftlig samtykke. Organisasjonen ber de frivillige slette "
             "opplysningene når kontakt er opprettet."},
            {"heading": "Uenighet", "body": "Partene tar uenighet opp på neste møte, og kan avslutte "
             "avtalen med én måneds varsel."},
        ],
        "matrix": [
            ("Gjøre tilbudet kjent for ansatte og informere flyktninger om det", "municipality"),
            ("Innhente samtykke før kontaktopplysninger gis videre", "municipality"),
            ("Sørge for at ansatte forstår hva frivillige kan og ikke kan gjøre", "municipality"),
            ("Rekruttere frivillige, inngå frivilligavtaler og kreve politiattest der de møter barn",
             "organization"),
            ("Finne gode match mellom frivillige og flyktninger", "organization"),
            ("Sørge for at de frivillige forstår kommunens plikter og ansvar", "organization"),
            ("Evaluere samarbeidet en gang i året", "shared"),
        ],
    },
    "en": {
        "name": "Network and befriending offer for refugees",
        "title": "Cooperation agreement on a network offer for refugees",
        "purpose": "Give newly arrived refugees a social network through volunteers, as a "
        "supplement to the municipality's introduction programme.",
        "target_group": "Refugees settled in the municipality in the last two years who want "
        "contact with volunteers.",
        "contact_sharing": "Contact details are passed on only through Brobygger, after the person "
        "has consented, and are deleted once contact is made.",
        "municipal_support": "Meeting rooms, interpreters when needed and training of volunteers.",
        "meeting_frequency": "Every second month, in the evening",
        "sections": [
            {"heading": "Confidentiality and consent", "body": "The municipality passes on no "
             "information about refugees without written consent. The organisation asks its "
             "volunteers to delete the information once contact is made."},
            {"heading": "Disagreement", "body": "The parties raise disagreements at the next "
             "meeting, and may end the agreement with one month's notice."},
        ],
        "matrix": [
            ("Make staff aware of the offer and inform refugees of it", "municipality"),
            ("Obtain consent before contact details are passed on", "municipality"),
            ("Make staff understand what volunteers can and cannot do", "municipality"),
            ("Recruit volunteers, have them sign volunteer agreements and present police "
             "certificates where children are involved", "organization"),
            ("Find good matches between volunteers and refugees", "organization"),
            ("Make volunteers understand the municipality's duties and responsibility",
             "organization"),
            ("Evaluate the cooperation once a year", "shared"),
        ],
    },
}

FRAMEWORK = {
    "nb": {
        "name": "Rammeavtale mellom kommunen og frivilligheten",
        "title": "Rammeavtale om samarbeid mellom kommunen og frivillig sektor",
        "purpose": "Et forutsigbart samarbeid om integrering, der frivilligheten er et supplement "
        "og kommunen har ansvaret for introduksjonsprogrammet.",
        "target_group": "Flyktninger og andre nyankomne innbyggere.",
        "contact_sharing": "Bare gjennom Brobyggers samtykkebaserte henvisninger.",
        "municipal_support": "En koordinator, møteplasser og hjelp med tilskuddssøknader.",
        "meeting_frequency": "Dialogmøte to ganger i året, på kveldstid",
        "sections": [
            {"heading": "Roller", "body": "Kommunen koordinerer; organisasjonene bestemmer selv "
             "over sine aktiviteter."},
        ],
        "matrix": [
            ("Ha en koordinator som er kontaktpunkt for frivilligheten", "municipality"),
            ("Invitere til dialogmøter på kveldstid og i helger", "municipality"),
            ("Utpeke en kontaktperson for samarbeidet", "organization"),
            ("Holde profilen og aktivitetene oppdatert i Brobygger", "organization"),
            ("Evaluere rammeavtalen hvert år", "shared"),
        ],
    },
    "en": {
        "name": "Framework agreement between the municipality and the voluntary sector",
        "title": "Framework agreement on cooperation between the municipality and the voluntary "
        "sector",
        "purpose": "A predictable cooperation on integration, in which the voluntary sector "
        "supplements and the municipality is responsible for the introduction programme.",
        "target_group": "Refugees and other newly arrived residents.",
        "contact_sharing": "Only through Brobygger's consent-based referrals.",
        "municipal_support": "A coordinator, meeting places and help with grant applications.",
        "meeting_frequency": "A dialogue meeting twice a year, in the evening",
        "sections": [
            {"heading": "Roles", "body": "The municipality coordinates; the organisations decide "
             "over their own activities."},
        ],
        "matrix": [
            ("Have a coordinator who is the contact point for the voluntary sector", "municipality"),
            ("Invite to dialogue meetings in the evening and at weekends", "municipality"),
            ("Appoint a contact person for the cooperation", "organization"),
            ("Keep the profile and activities up to date in Brobygger", "organization"),
            ("Evaluate the framework agreement every year", "shared"),
        ],
    },
}


def seed(apps, schema_editor):
    template = apps.get_model("agreements", "Template")
    for kind, texts in [("initiative", BEFRIENDING), ("framework", FRAMEWORK)]:
        for language, text in texts.items():
            template.objects.get_or_create(
                municipality=None,
                language=language,
                name=text["name"],
                defaults={
                    "kind": kind,
                    "title": text["title"],
                    "purpose": text["purpose"],
                    "target_group": text["target_group"],
                    "contact_sharing": text["contact_sharing"],
                    "municipal_support": text["municipal_support"],
                    "meeting_frequency": text["meeting_frequency"],
                    "sections": text["sections"],
                    "matrix": [
                        {"task": task, "responsible": who, "description": ""}
                        for task, who in text["matrix"]
                    ],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
