"""A grant scheme's plain-language texts become translated fields (django-modeltranslation):
`summary`, `who_may_apply`, `what_is_funded` and `deadline_pattern` get a column per language
(nb, nn, da, en). Every scheme's existing text moves into the column of the language it is
written in (its municipality's, else its country's: bokmål for Norway, Danish for Denmark), and
the shipped catalogue (the `grant_schemes` fixture's schemes and migration 0008's) gets its
nynorsk and English texts (Norwegian schemes) or English texts (Danish schemes). A text someone
has already written in a language is never overwritten. `seed` is listed in tests/conftest.py
SEEDS, so it also runs on the rows migration 0008's seed puts back in the tests.
"""

from django.db import connection, migrations, models

FIELDS = ("summary", "who_may_apply", "what_is_funded", "deadline_pattern")
LANGUAGES = ("nb", "nn", "da", "en")

# slug -> language -> (summary, who_may_apply, what_is_funded, deadline_pattern)
NN_UNCONFIRMED = "Ikkje stadfesta – spør den som deler ut pengane."
EN_UNCONFIRMED = "Not confirmed – ask the grant manager."
TEXTS = {
    "imdi-integration-local": {
        "nn": (
            "Statlege midlar til frivillige organisasjonar som driv integreringsaktivitetar lokalt. "
            "Ein del av den nasjonale ordninga blir fordelt av utvalde kommunar (rundt 40 i 2023), "
            "som lyser ut eigne lokale rundar. Spør kommunen om han er med.",
            "Frivillige, ideelle organisasjonar som ikkje er offentlege, og som er registrerte i "
            "Frivilligregisteret.",
            "Aktivitetar som (A) skaper fellesskap og tillit og motverkar utanforskap og rasisme, "
            "(B) gir kunnskap om det norske samfunnet, norsk språk eller kvalifisering, eller (C) "
            "førebyggjer negativ sosial kontroll, æresrelatert vald, kjønnslemlesting og "
            "tvangsekteskap. Frå 2024 også å byggje kapasitet i innvandrarorganisasjonar.",
            "vanlegvis i november for året etter (kvar kommune set sin frist)",
        ),
        "en": (
            "State money for voluntary organisations that run integration activities locally. "
            "Part of the national scheme is handed out by selected municipalities (about 40 in "
            "2023), which announce their own local rounds. Ask your municipality if it takes part.",
            "Voluntary, non-profit organisations that are not public bodies and are in the "
            "Register of Non-Profit Organisations (Frivillighetsregisteret).",
            "Activities that (A) build community and trust and work against exclusion and racism, "
            "(B) give knowledge of Norwegian society, the Norwegian language or qualifications, or "
            "(C) prevent negative social control, honour-related violence, female genital "
            "mutilation and forced marriage. From 2024 also building the capacity of immigrant "
            "organisations.",
            "usually in November for the next year (each municipality sets its own date)",
        ),
    },
    "imdi-integration-national": {
        "nn": (
            "Den delen av den nasjonale integreringsordninga som IMDi forvaltar sjølv, for "
            "nasjonale prosjekt i regi av nasjonale organisasjonar eller paraplyorganisasjonar. "
            "IMDi held digitale søkjarkonferansar når runden opnar.",
            "Nasjonale eller regionale frivillige, ideelle organisasjonar som er registrerte i "
            "Frivilligregisteret.",
            "Nasjonale prosjekt med dei same måla som den lokale delen: fellesskap og tillit, "
            "kunnskap om samfunnet og norsk, og førebygging av negativ sosial kontroll.",
            "vanlegvis tidleg i februar",
        ),
        "en": (
            "The part of the national integration scheme that IMDi runs itself, for national "
            "projects run by national or umbrella organisations. IMDi holds online meetings for "
            "applicants when the round opens.",
            "National or regional voluntary, non-profit organisations in the Register of "
            "Non-Profit Organisations.",
            "National projects with the same aims as the local part: community and trust, "
            "knowledge of society and Norwegian, and preventing negative social control.",
            "usually early February",
        ),
    },
    "imdi-regional-immigrant-organisations": {
        "nn": (
            "Støtte til drifta av regionale organisasjonar der dei fleste teljande medlemmene har "
            "innvandrarbakgrunn.",
            "Regionale organisasjonar der fleirtalet av dei teljande medlemmene har "
            "innvandrarbakgrunn, som er aktive i minst tre nabokommunar, har eksistert i minst eitt "
            "år og er registrerte i Frivilligregisteret.",
            "Den vanlege drifta til organisasjonen.",
            "éin gong i året",
        ),
        "en": (
            "Support for running regional organisations where most counted members have an "
            "immigrant background.",
            "Regional organisations where most counted members have an immigrant background, "
            "that are active in at least three neighbouring municipalities, are at least one year "
            "old and are in the Register of Non-Profit Organisations.",
            "The organisation's ordinary running costs.",
            "once a year",
        ),
    },
    "bufdir-inclusion-children-youth": {
        "nn": (
            "Midlar til aktivitetar som inkluderer barn og unge (0–24 år) som står i fare for å "
            "falle utanfor. Søknaden er knytt til ein kommune som har meldt seg på ordninga; "
            "kommunen rangerer søknadene frå sitt område.",
            "Offentlege instansar, frivillige organisasjonar registrerte i Frivilligregisteret og "
            "private aktørar registrerte i Einingsregisteret. Ikkje enkeltpersonføretak eller "
            "privatpersonar.",
            "Aktivitetar for barn og unge 0–24 år som står i fare for utanforskap; minst 50 000 "
            "kroner per aktivitetstype i året, i opptil tre år.",
            "vanlegvis om hausten (oktober–desember) for året etter",
        ),
        "en": (
            "Money for activities that include children and young people (0–24) who risk being "
            "left out. The application is tied to a municipality that has signed up to the "
            "scheme; the municipality ranks the applications from its area.",
            "Public bodies, voluntary organisations in the Register of Non-Profit Organisations "
            "and private bodies in the Central Coordinating Register (Enhetsregisteret). Not "
            "sole traders or private persons.",
            "Activities for children and young people aged 0–24 who risk exclusion; at least "
            "NOK 50,000 per kind of activity a year, for up to three years.",
            "usually in the autumn (October–December) for the next year",
        ),
    },
    "vat-compensation": {
        "nn": (
            "Frivillige organisasjonar kan få tilbake ein del av momsen dei betalte i fjor. De vel "
            "ein forenkla modell (ut frå driftskostnader) eller ein dokumentert modell (momsen de "
            "faktisk betalte).",
            "Organisasjonar som står i Frivilligregisteret 1. september og ved utbetaling, med "
            "vedtektene registrerte, og der frivillig innsats er vesentleg. Ikkje nærings- eller "
            "yrkesorganisasjonar, fagforeiningar, studieforbund, burettslag, politiske parti, "
            "offentleg kontrollerte organ eller Den norske kyrkja.",
            "Momskostnader frå året før. Utbetalinga kjem i midten av desember.",
            "1. september kvart år",
        ),
        "en": (
            "Voluntary organisations can get back part of the VAT they paid last year. You choose "
            "a simple model (based on running costs) or a documented model (the VAT you actually "
            "paid).",
            "Organisations in the Register of Non-Profit Organisations on 1 September and at "
            "payment, with their statutes registered, where voluntary work is essential. Not "
            "business or trade organisations, trade unions, study associations, housing "
            "cooperatives, political parties, publicly controlled bodies or the Church of Norway.",
            "VAT costs from the year before. The money is paid in mid-December.",
            "1 September every year",
        ),
    },
    "frifond-organisation": {
        "nn": (
            "Midlar til lokal aktivitet for barn og unge under 26 år i nasjonale, medlemsbaserte "
            "og demokratiske organisasjonar. Sentralleddet fordeler dei til lokallaga sine.",
            "Nasjonale, medlemsbaserte og demokratiske organisasjonar med lokal aktivitet for "
            "personar under 26 år.",
            "Lokale aktivitetar i lokallaga for barn og unge under 26 år.",
            "vanlegvis i midten av april",
        ),
        "en": (
            "Money for local activities for children and young people under 26 in national, "
            "member-based and democratic organisations. The national office shares it out to "
            "its local branches.",
            "National, member-based and democratic organisations with local activities for "
            "people under 26.",
            "Local activities in the local branches for children and young people under 26.",
            "usually mid-April",
        ),
    },
    "frifond-children-youth": {
        "nn": (
            "Små tilskot til lokale grupper av barn og unge som ikkje er med i Frifond "
            "organisasjon.",
            "Lokale, opne og demokratiske grupper med minst 3 medlemmer, der minst ein tredjedel "
            "av deltakarane er under 26 år. Ikkje idrettslag under Noregs idrettsforbund, "
            "selskap eller stiftingar.",
            "Aktivitetane til gruppa sjølv.",
            "",
        ),
        "en": (
            "Small grants for local groups of children and young people who are not part of "
            "Frifond organisasjon.",
            "Local, open and democratic groups with at least 3 members, where at least a third "
            "of those taking part are under 26. Not sports clubs under the Norwegian Olympic and "
            "Paralympic Committee and Confederation of Sports, companies or foundations.",
            "The group's own activities.",
            "",
        ),
    },
    "imdi-norwegian-training": {
        "nn": (
            "IMDi har hatt ei tilskotsordning for norskopplæring i regi av frivillige. Ho heitte "
            "tidlegare «klippekort». Vi har ikkje stadfesta kven som kan søkje, kor mykje ein kan "
            "få eller når fristen er. Sjekk med IMDi før de planlegg.",
            NN_UNCONFIRMED,
            "Trening i norsk. " + NN_UNCONFIRMED,
            "ikkje stadfesta – sjekk sida til IMDi",
        ),
        "en": (
            "IMDi has had a grant scheme for Norwegian training run by volunteers. It used to be "
            "called «klippekort». We have not confirmed who may apply, how much you can get or "
            "when the deadline is. Check with IMDi before you make plans.",
            EN_UNCONFIRMED,
            "Practising Norwegian. " + EN_UNCONFIRMED,
            "not confirmed – check IMDi's page",
        ),
    },
    "imdi-ukraine-extraordinary": {
        "nn": (
            "Ein ekstra runde i 2022 for frivillige organisasjonar som arbeidde med menneske på "
            "flukt frå Ukraina. Fristen var i mai 2022. Vi veit ikkje om det kjem ein ny runde. "
            "Sjekk med IMDi.",
            NN_UNCONFIRMED,
            "Arbeid med folk på flukt frå Ukraina. " + NN_UNCONFIRMED,
            "ein ekstra runde i 2022; sjekk med IMDi om det kjem ein ny",
        ),
        "en": (
            "An extra round in 2022 for voluntary organisations that worked with people who fled "
            "Ukraine. The deadline was in May 2022. We do not know if there will be a new round. "
            "Check with IMDi.",
            EN_UNCONFIRMED,
            "Work with people who fled Ukraine. " + EN_UNCONFIRMED,
            "an extra round in 2022; ask IMDi if there will be a new one",
        ),
    },
    "imdi-pilot-small-new-organisations": {
        "nn": (
            "Ei prøveordning for små og nye organisasjonar. I 2022 kunne berre organisasjonar som "
            "IMDi inviterte, søkje. Sjekk med IMDi om ordninga finst no, og kven som kan søkje.",
            "I 2022: berre inviterte organisasjonar. " + NN_UNCONFIRMED,
            "",
            "ikkje stadfesta – sjekk med IMDi",
        ),
        "en": (
            "A trial scheme for small and new organisations. In 2022 only organisations that "
            "IMDi invited could apply. Check with IMDi whether the scheme exists now and who may "
            "apply.",
            "In 2022: only invited organisations. " + EN_UNCONFIRMED,
            "",
            "not confirmed – check with IMDi",
        ),
    },
    "volunteer-centres-operating-grant": {
        "nn": (
            "Pengar frå staten til å drive frivilligsentralar. Vi veit ikkje sikkert kor mykje "
            "det er, når fristen er eller korleis ein søkjer. Spør departementet.",
            "Frivilligsentralar. " + NN_UNCONFIRMED,
            "",
            "ikkje stadfesta – sjekk med den som deler ut pengane",
        ),
        "en": (
            "Money from the state for running volunteer centres. We do not know for sure how much "
            "it is, when the deadline is or how to apply. Ask the ministry.",
            "Volunteer centres. " + EN_UNCONFIRMED,
            "",
            "not confirmed – check with the grant manager",
        ),
    },
    "dk-serviceloven-18": {
        "en": (
            "Every municipality must set money aside each year for voluntary social work (the "
            "Social Services Act, section 18). The municipality decides its own rules and what it "
            "will support. The money must go to local work where the voluntary effort is at the "
            "core. Read your municipality's page about section 18 funds.",
            "Voluntary associations, organisations, groups and networks. As a rule you must be "
            "based and active in the municipality. The rules differ from one municipality to the "
            "next.",
            "Voluntary social work in the municipality. Many municipalities like to support work "
            "with refugees and immigrants.",
            "usually one round a year; each municipality sets its own date",
        ),
    },
    "dk-puf": {
        "en": (
            "A state pool for voluntary social work for people who are struggling. One of the "
            "pool's four parts is about bringing vulnerable people into voluntary communities.",
            "Voluntary associations, organisations and other groups, also volunteer centres. Not "
            "individuals, municipalities, regions or bodies that resemble an authority.",
            "Voluntary projects for people who are struggling. You get the money every three "
            "months.",
            "once a year (in recent years between March and June); the date changes every year",
        ),
    },
    "dk-slks-national-organisations": {
        "en": (
            "A grant for running nationwide non-profit organisations, for example humanitarian "
            "ones. The money comes from lottery and gaming funds. The organisation must have "
            "worked for the last 2 years.",
            "Nationwide humanitarian, church, international and other non-profit organisations. "
            "Not if you can get an operating grant from another lottery-funded pool.",
            "",
            "usually 1 July; the form opens about 4 weeks before",
        ),
    },
    "dk-momskompensation": {
        "en": (
            "Non-profit organisations can get back part of the VAT they paid. It is a pool: "
            "Parliament decides the amount. When many apply, everyone gets a smaller share – in "
            "recent years about 30% of what was applied for.",
            "Organisations approved under the Tax Assessment Act (ligningsloven) section 8 A "
            "and/or section 12(3). You need a valid CVR number and a NemKonto.",
            "VAT paid on purchases the year before.",
            "1 July every year, for the year before",
        ),
    },
    "dk-duf-initiativstoette": {
        "en": (
            "Support for new initiatives for and with children and young people. The young "
            "people lead the initiative themselves, and volunteers carry it. Usually up to "
            "DKK 100,000. Applications under DKK 5,000 get an answer after about 2 weeks.",
            "Individuals, local associations and groups, and nationwide children's and youth "
            "organisations. (Only children's and youth organisations can apply for DUF's "
            "operating grant.)",
            "For example publicity material, renting equipment and rooms, materials, transport "
            "and a little food.",
            "ongoing – apply before the main activities end",
        ),
    },
}


def _originals() -> dict[int, dict[str, str]]:
    """The texts in the base columns, read past the translated fields' descriptors (with the
    project's models, as the tests' SEEDS call this, `scheme.summary` is a language's text)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(FIELDS)} FROM grants_scheme")  # noqa: S608
        return {row[0]: dict(zip(FIELDS, row[1:], strict=True)) for row in cursor.fetchall()}


def _text_language(scheme) -> str:
    if scheme.municipality_id and scheme.municipality.default_language:
        return scheme.municipality.default_language
    return "da" if scheme.country == "DK" else "nb"


def seed(apps, schema_editor):
    Scheme = apps.get_model("grants", "Scheme")
    originals = _originals()
    for scheme in Scheme.objects.select_related("municipality"):
        original = originals.get(scheme.pk, {})
        written_in = _text_language(scheme)
        shipped = TEXTS.get(scheme.slug, {})
        updates = {}
        for index, field in enumerate(FIELDS):
            text = original.get(field) or ""
            for language in LANGUAGES:
                column = f"{field}_{language}"
                current = getattr(scheme, column) or ""
                if language == written_in:
                    wanted = current or text
                elif not current or current == text:
                    # Empty, or a copy of the original put here by a seed run in another language.
                    wanted = shipped[language][index] if language in shipped else ""
                else:
                    wanted = current
                if getattr(scheme, column) != wanted:  # NULL becomes ""
                    updates[column] = wanted
        if updates:
            Scheme.objects.filter(pk=scheme.pk).update(**updates)


def unseed(apps, schema_editor):
    """The columns go away with the fields; the base columns still hold each text."""


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0008_seed_missing_and_danish_schemes"),
        ("accounts", "0005_municipality_default_language_and_optional_user_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="deadline_pattern_da",
            field=models.CharField(
                blank=True,
                help_text="Shown until this round's date is entered above, e.g. “usually early February”.",
                max_length=200,
                null=True,
                verbose_name="usual deadline, in words",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="deadline_pattern_en",
            field=models.CharField(
                blank=True,
                help_text="Shown until this round's date is entered above, e.g. “usually early February”.",
                max_length=200,
                null=True,
                verbose_name="usual deadline, in words",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="deadline_pattern_nb",
            field=models.CharField(
                blank=True,
                help_text="Shown until this round's date is entered above, e.g. “usually early February”.",
                max_length=200,
                null=True,
                verbose_name="usual deadline, in words",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="deadline_pattern_nn",
            field=models.CharField(
                blank=True,
                help_text="Shown until this round's date is entered above, e.g. “usually early February”.",
                max_length=200,
                null=True,
                verbose_name="usual deadline, in words",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="summary_da",
            field=models.TextField(
                max_length=5000, null=True, verbose_name="summary in plain language"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="summary_en",
            field=models.TextField(
                max_length=5000, null=True, verbose_name="summary in plain language"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="summary_nb",
            field=models.TextField(
                max_length=5000, null=True, verbose_name="summary in plain language"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="summary_nn",
            field=models.TextField(
                max_length=5000, null=True, verbose_name="summary in plain language"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="what_is_funded_da",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="what is funded"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="what_is_funded_en",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="what is funded"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="what_is_funded_nb",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="what is funded"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="what_is_funded_nn",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="what is funded"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="who_may_apply_da",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="who may apply"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="who_may_apply_en",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="who may apply"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="who_may_apply_nb",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="who may apply"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="who_may_apply_nn",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="who may apply"
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
