"""Version 1 of the information sheet in every language, shipped by Brobygger.

Norwegian bokmål and English are written by us. Arabic, Farsi/Dari, Tigrinya, Ukrainian and
Somali start empty: the municipality has them translated and fills them in (a consent cannot be
recorded on an empty sheet).
"""

from django.db import migrations

SHEETS = {
    "nb": {
        "title": "Informasjon om å dele kontaktopplysningene dine med en frivillig organisasjon",
        "body": (
            "Kommunen har taushetsplikt. Vi gir ikke opplysninger om deg til noen uten at du "
            "samtykker.\n\n"
            "Du har sagt at du ønsker kontakt med en frivillig organisasjon, for eksempel en "
            "flyktningguide, en nettverksfamilie, en språkkafé eller et idrettslag. For at "
            "organisasjonen skal kunne ta kontakt med deg, ber vi om lov til å gi den noen få "
            "opplysninger: navnet ditt, telefonnummer og/eller e-post, hvilket område du bor i, "
            "hva du er interessert i, hvilke språk du snakker og om du bor alene eller med "
            "familie. Vi gir aldri opplysninger om helse, religion, etnisk bakgrunn, politikk, "
            "seksualitet, straffesaker eller saken din hos kommunen eller NAV.\n\n"
            "Organisasjonen ser først bare interessene dine, språk og område. Først når den har "
            "sagt ja, ser kontaktpersonen der navn og kontaktopplysninger. Når kontakten er "
            "opprettet, mister organisasjonen tilgangen, og opplysningene slettes etter kort tid.\n\n"
            "Samtykket gjelder bare det tilbudet og de organisasjonene som står på skjemaet, og "
            "til datoen som står der (vanligvis seks måneder). Det er frivillig å samtykke, og det "
            "påvirker ikke introduksjonsprogrammet eller andre rettigheter du har.\n\n"
            "Du kan trekke samtykket tilbake når som helst ved å si fra til saksbehandleren din. "
            "Da stopper vi henvisningen med en gang. Du kan også be om å få se alt vi har "
            "registrert om deg, og be om at det slettes."
        ),
        "consent_text": (
            "Jeg har fått informasjonen over på et språk jeg forstår. Jeg samtykker i at "
            "kommunen gir opplysningene som er krysset av, til organisasjonene og for tilbudet "
            "som står på skjemaet, fram til datoen som står der."
        ),
    },
    "en": {
        "title": "About sharing your contact details with a voluntary organisation",
        "body": (
            "The municipality has a duty of confidentiality. We do not give anyone information "
            "about you unless you agree.\n\n"
            "You have said that you would like contact with a voluntary organisation, for "
            "example a refugee guide, a network family, a language café or a sports club. So "
            "that the organisation can contact you, we ask your permission to give it a few "
            "details: your name, phone number and/or e-mail, the area where you live, what you "
            "are interested in, the languages you speak and whether you live alone or with "
            "family. We never share anything about health, religion, ethnic background, "
            "politics, sexuality, criminal matters or your case with the municipality or NAV.\n\n"
            "At first the organisation sees only your interests, languages and area. Only when "
            "it has said yes does its contact person see your name and contact details. Once "
            "contact has been made, the organisation loses access, and the details are deleted "
            "soon after.\n\n"
            "Your consent covers only the offer and the organisations named on the form, until "
            "the date written there (usually six months). Consenting is voluntary, and it does "
            "not affect the introduction programme or any other rights you have.\n\n"
            "You can withdraw your consent at any time by telling your caseworker. We then stop "
            "the referral at once. You can also ask to see everything we hold about you, and ask "
            "for it to be deleted."
        ),
        "consent_text": (
            "I have been given the information above in a language I understand. I agree that "
            "the municipality gives the details ticked below to the organisations and for the "
            "offer named on this form, until the date written on it."
        ),
    },
}
EMPTY = ("ar", "fa", "ti", "uk", "so")


def seed(apps, schema_editor):
    InformationSheet = apps.get_model("referrals", "InformationSheet")
    for language, texts in SHEETS.items():
        InformationSheet.objects.get_or_create(
            municipality=None, language=language, version=1, defaults=texts
        )
    for language in EMPTY:
        InformationSheet.objects.get_or_create(municipality=None, language=language, version=1)


def unseed(apps, schema_editor):
    InformationSheet = apps.get_model("referrals", "InformationSheet")
    InformationSheet.objects.filter(municipality=None, consents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_database_guards")]

    operations = [migrations.RunPython(seed, unseed)]
