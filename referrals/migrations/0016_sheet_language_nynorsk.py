"""Nynorsk as a language of the information sheet and the consent form, and version 1 of the
nynorsk sheet Brobygger ships for Norwegian municipalities: the bokmål sheet (0003) in our own
nynorsk, with the terms of docs/glossary.md (teieplikt, samtykke, sakshandsamar, tilvising). A
municipality that writes nynorsk (Voss herad) starts its consent form on it; before this its
caseworkers informed people from the bokmål sheet."""

from django.db import migrations, models

NYNORSK = {
    "title": "Informasjon om å dele kontaktopplysningane dine med ein frivillig organisasjon",
    "body": (
        "Kommunen har teieplikt. Vi gjev ikkje opplysningar om deg til nokon utan at du "
        "samtykkjer.\n\n"
        "Du har sagt at du ønskjer kontakt med ein frivillig organisasjon, til dømes ein "
        "flyktningguide, ein nettverksfamilie, ein språkkafé eller eit idrettslag. For at "
        "organisasjonen skal kunne ta kontakt med deg, ber vi om lov til å gje organisasjonen "
        "nokre få opplysningar: namnet ditt, telefonnummer og/eller e-post, kva område du bur i, "
        "kva du er interessert i, kva språk du snakkar, og om du bur åleine eller med familie. "
        "Vi gjev aldri opplysningar om helse, religion, etnisk bakgrunn, politikk, seksualitet, "
        "straffesaker eller saka di hos kommunen eller NAV.\n\n"
        "Organisasjonen ser først berre interessene dine, språk og område. Først når "
        "organisasjonen har sagt ja, ser kontaktpersonen der namn og kontaktopplysningar. Når "
        "kontakten er oppretta, mistar organisasjonen tilgangen, og opplysningane blir sletta "
        "etter kort tid.\n\n"
        "Samtykket gjeld berre det tilbodet og dei organisasjonane som står på skjemaet, og fram "
        "til datoen som står der (vanlegvis seks månader). Det er frivillig å samtykkje, og det "
        "påverkar ikkje introduksjonsprogrammet eller andre rettar du har.\n\n"
        "Du kan trekkje samtykket tilbake når som helst ved å seie frå til sakshandsamaren din. "
        "Då stoppar vi tilvisinga med ein gong. Du kan òg be om å få sjå alt vi har registrert "
        "om deg, og be om at det blir sletta."
    ),
    "consent_text": (
        "Eg har fått informasjonen over på eit språk eg forstår. Eg samtykkjer i at kommunen "
        "gjev opplysningane som er kryssa av, til organisasjonane og for tilbodet som står på "
        "skjemaet, fram til datoen som står der."
    ),
}


def seed(apps, schema_editor):
    apps.get_model("referrals", "InformationSheet").objects.get_or_create(
        municipality=None, language="nn", version=1, defaults={**NYNORSK, "country": "NO"}
    )



class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0015_staff_feedback'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consent',
            name='information_language',
            field=models.CharField(choices=[('nb', 'Norwegian bokmål'), ('nn', 'Norwegian nynorsk'), ('en', 'English'), ('da', 'Danish'), ('ar', 'Arabic'), ('fa', 'Farsi / Dari'), ('ti', 'Tigrinya'), ('uk', 'Ukrainian'), ('so', 'Somali')], max_length=2, verbose_name='language of the information'),
        ),
        migrations.AlterField(
            model_name='informationsheet',
            name='language',
            field=models.CharField(choices=[('nb', 'Norwegian bokmål'), ('nn', 'Norwegian nynorsk'), ('en', 'English'), ('da', 'Danish'), ('ar', 'Arabic'), ('fa', 'Farsi / Dari'), ('ti', 'Tigrinya'), ('uk', 'Ukrainian'), ('so', 'Somali')], max_length=2, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='offerleafletapproval',
            name='language',
            field=models.CharField(choices=[('nb', 'Norwegian bokmål'), ('nn', 'Norwegian nynorsk'), ('en', 'English'), ('da', 'Danish'), ('ar', 'Arabic'), ('fa', 'Farsi / Dari'), ('ti', 'Tigrinya'), ('uk', 'Ukrainian'), ('so', 'Somali')], max_length=2, verbose_name='language'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
