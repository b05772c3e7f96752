"""The schemes the sources name that the starter catalogue lacked (#22), and the Danish catalogue
(#17), in the shared catalogue. Only facts marked verified in the team's facts files are stated;
a scheme whose facts are not confirmed has `facts_confirmed=False`, and its pages and the helper
say "check with the grant manager". Existing rows (same slug) are left as they are: a platform
admin may have edited them. Municipal schemes get their municipality's country."""

from django.db import migrations

IMDI_LIST = (
    "Nevnt i IMDis oversikt over egne tilskuddsordninger (2022), gjengitt i rapporten "
    "«Utredning av kompetansesentre for frivillig innsats for integrering» "
    "(ideas2evidence og Agenda Kaupang for IMDi, 2022)."
)
UNCONFIRMED_NB = "Ikke bekreftet – spør den som deler ut pengene."

NORWEGIAN = [
    {
        "slug": "imdi-norwegian-training",
        "name": "Norskopplæringsordningen (tidligere «klippekort»)",
        "administrator": "national",
        "administrator_name": "IMDi",
        "summary": (
            "IMDi har hatt en tilskuddsordning for norskopplæring i regi av frivillige. "
            "Den het tidligere «klippekort». Vi har ikke bekreftet hvem som kan søke, "
            "hvor mye man kan få eller når fristen er. Sjekk med IMDi før dere planlegger."
        ),
        "who_may_apply": UNCONFIRMED_NB,
        "what_is_funded": "Trening i norsk. " + UNCONFIRMED_NB,
        "activity_types": ["language_cafe"],
        "official_url": "https://www.imdi.no/tilskudd/",
        "source": IMDI_LIST,
        "deadline_pattern": "ikke bekreftet – sjekk IMDis side",
    },
    {
        "slug": "imdi-ukraine-extraordinary",
        "name": (
            "Ekstraordinært tilskudd til integreringsarbeid i regi av frivillige "
            "organisasjoner rettet mot fordrevne fra Ukraina"
        ),
        "administrator": "national",
        "administrator_name": "IMDi",
        "summary": (
            "En ekstra runde i 2022 for frivillige organisasjoner som arbeidet med mennesker "
            "på flukt fra Ukraina. Fristen var i mai 2022. Vi vet ikke om det kommer en ny "
            "runde. Sjekk med IMDi."
        ),
        "who_may_apply": UNCONFIRMED_NB,
        "what_is_funded": "Arbeid med folk på flukt fra Ukraina. " + UNCONFIRMED_NB,
        "target_groups": ["newly_arrived"],
        "official_url": "https://www.imdi.no/tilskudd/",
        "source": IMDI_LIST + " Runden i 2022 er bekreftet på imdi.no.",
        "deadline_pattern": "en ekstra runde i 2022; sjekk med IMDi om det kommer en ny",
    },
    {
        "slug": "imdi-pilot-small-new-organisations",
        "name": "Pilotordning for små og nyopprettede organisasjoner",
        "administrator": "national",
        "administrator_name": "IMDi",
        "summary": (
            "En prøveordning for små og nye organisasjoner. I 2022 kunne bare organisasjoner "
            "som IMDi inviterte, søke. Sjekk med IMDi om ordningen finnes nå, og hvem som kan "
            "søke."
        ),
        "who_may_apply": "I 2022: bare inviterte organisasjoner. " + UNCONFIRMED_NB,
        "size_bands": ["under_100k"],
        "official_url": "https://www.imdi.no/tilskudd/",
        "source": IMDI_LIST,
        "deadline_pattern": "ikke bekreftet – sjekk med IMDi",
    },
    {
        "slug": "volunteer-centres-operating-grant",
        "name": "Tilskudd til drift av frivilligsentraler",
        "administrator": "national",
        "administrator_name": "Kultur- og likestillingsdepartementet",
        "summary": (
            "Penger fra staten til å drive frivilligsentraler. Vi vet ikke sikkert hvor mye "
            "det er, når fristen er eller hvordan man søker. Spør departementet."
        ),
        "who_may_apply": "Frivilligsentraler. " + UNCONFIRMED_NB,
        "categories": ["volunteer_centre"],
        "official_url": "",
        "source": (
            "Nevnt i rapporten «Utredning av kompetansesentre for frivillig innsats for "
            "integrering» (ideas2evidence og Agenda Kaupang for IMDi, 2022), fotnote 19."
        ),
        "deadline_pattern": "ikke bekreftet – sjekk med tilskuddsforvalteren",
    },
]

DANISH = [
    {
        "slug": "dk-serviceloven-18",
        "name": "§ 18-midler: kommunens pulje til frivilligt socialt arbejde",
        "administrator": "municipality",
        "administrator_name": "Din kommune (et udvalg under kommunalbestyrelsen)",
        "summary": (
            "Hver kommune skal hvert år sætte penge af til frivilligt socialt arbejde "
            "(serviceloven § 18). Kommunen bestemmer selv reglerne og hvad den vil støtte. "
            "Støtten skal gå til lokalt arbejde, hvor den frivillige indsats er kernen. "
            "Læs din kommunes side om § 18-midler."
        ),
        "who_may_apply": (
            "Frivillige foreninger, organisationer, grupper og netværk. Som regel skal I "
            "høre hjemme og være aktive i kommunen. Reglerne er forskellige fra kommune til "
            "kommune."
        ),
        "what_is_funded": (
            "Frivilligt socialt arbejde i kommunen. Mange kommuner vil gerne støtte arbejde "
            "med flygtninge og indvandrere."
        ),
        "required_documents": [
            "Ansøgningsskema (oftest elektronisk)",
            "Budget – mange kommuner har en skabelon",
            "Seneste regnskab",
            "CVR-nummer (nogle kommuner beder om det)",
        ],
        "reporting": (
            "Bagefter viser I, at pengene blev brugt som beskrevet, på kommunens skema. "
            "Penge, I ikke har brugt, betaler I tilbage."
        ),
        "official_url": (
            "https://www.sm.dk/arbejdsomraader/frivillig-social-indsats/servicelovens-18-og-18a"
        ),
        "source": "Social- og Boligministeriet: «Servicelovens §§ 18 og 18a» og kommunernes sider.",
        "deadline_pattern": "normalt én runde om året; hver kommune sætter sin egen frist",
        "deadline_note": "Spørg kommunen, eller se kommunens side om § 18-midler.",
        "delegated_to_municipality": True,
        "other_conditions": "Reglerne er forskellige fra kommune til kommune.",
        "facts_confirmed": True,
    },
    {
        "slug": "dk-puf",
        "name": "Ansøgningspuljen til frivilligt socialt arbejde (PUF)",
        "administrator": "national",
        "administrator_name": "Social- og Boligstyrelsen",
        "summary": (
            "En pulje fra staten til frivilligt socialt arbejde for mennesker, der har det "
            "svært. En af puljens fire dele handler om at få udsatte borgere med i frivillige "
            "fællesskaber."
        ),
        "who_may_apply": (
            "Frivillige foreninger, organisationer og andre grupper, også frivilligcentre. "
            "Ikke enkeltpersoner, kommuner, regioner eller organer, der ligner en myndighed."
        ),
        "what_is_funded": (
            "Frivillige projekter for mennesker, der har det svært. I får pengene hver tredje "
            "måned."
        ),
        "required_documents": [
            "Ansøgning i Tilskudsportalen",
            "Digital signatur knyttet til foreningens CVR-nummer",
        ],
        "official_url": (
            "https://www.sbst.dk/puljer-og-tilskud/social-og-aeldreomraadet/ansoegningspuljer/"
            "alle-puljer/15714710_frivillig-socialt-arbejde-puf"
        ),
        "source": "Social- og Boligstyrelsen: «Ansøgningspulje til frivilligt socialt arbejde».",
        "deadline_pattern": (
            "én gang om året (de seneste år mellem marts og juni); datoen skifter fra år til år"
        ),
        "requires_cvr": True,
        "facts_confirmed": True,
    },
    {
        "slug": "dk-slks-national-organisations",
        "name": "Driftstilskud til landsdækkende almennyttige organisationer",
        "administrator": "national",
        "administrator_name": "Slots- og Kulturstyrelsen",
        "summary": (
            "Tilskud til driften af landsdækkende almennyttige organisationer, fx humanitære "
            "organisationer. Pengene kommer fra udlodningsmidler. Organisationen skal have "
            "arbejdet i de seneste 2 år."
        ),
        "who_may_apply": (
            "Landsdækkende humanitære, kirkelige, mellemfolkelige og andre almennyttige "
            "organisationer. Ikke hvis I kan få driftstilskud fra en anden udlodningspulje."
        ),
        "levels": ["national_small", "national"],
        "required_documents": [
            "Ansøgningsskema med erklæring om, at I ikke er straffet",
            "Beløbsskema med revisorerklæring",
            "Godkendt og underskrevet regnskab (2 år, hvis I søger første gang)",
            "Årsberetning eller referat fra sidste generalforsamling",
        ],
        "official_url": "https://slks.dk/tilskud/landsdaekkende-almennyttige-organisationer/",
        "source": "Slots- og Kulturstyrelsen: «Landsdækkende almennyttige organisationer».",
        "deadline_pattern": "normalt 1. juli; skemaet åbner cirka 4 uger før",
        "facts_confirmed": True,
    },
    {
        "slug": "dk-momskompensation",
        "name": "Momskompensation til almennyttige foreninger",
        "administrator": "national",
        "administrator_name": "Skattestyrelsen",
        "summary": (
            "Almennyttige organisationer kan få en del af den moms, de har betalt, tilbage. "
            "Det er en pulje: Folketinget bestemmer beløbet. Søger mange, får alle en mindre "
            "del – de seneste år cirka 30 % af det, der blev søgt om."
        ),
        "who_may_apply": (
            "Organisationer, der er godkendt efter ligningsloven § 8 A og/eller § 12, stk. 3. "
            "I skal have et gyldigt CVR-nummer og en NemKonto."
        ),
        "what_is_funded": "Købsmoms fra året før.",
        "required_documents": [
            "Digital ansøgning til Skattestyrelsen",
            "NemKonto knyttet til CVR-nummeret",
            "Revisorerklæring på et særligt skema (tjek med Skattestyrelsen)",
        ],
        "reporting": "Ingen projektrapport.",
        "official_url": (
            "https://skat.dk/erhverv/moms/andre-momsemner/momskompensation-saadan-soeger-du"
        ),
        "source": "Skattestyrelsen: «Momskompensation – sådan søger du».",
        "deadline_rule": "1 July every year",
        "deadline_pattern": "1. juli hvert år, for året før",
        "requires_cvr": True,
        "facts_confirmed": True,
    },
    {
        "slug": "dk-duf-initiativstoette",
        "name": "DUFs InitiativStøtte",
        "administrator": "national",
        "administrator_name": "DUF – Dansk Ungdoms Fællesråd",
        "summary": (
            "Støtte til nye initiativer for og med børn og unge. De unge leder selv "
            "initiativet, og frivillige bærer det. Normalt op til 100.000 kr. Ansøgninger "
            "under 5.000 kr. får svar efter cirka 2 uger."
        ),
        "who_may_apply": (
            "Enkeltpersoner, lokale foreninger og grupper og landsdækkende børne- og "
            "ungdomsorganisationer. (DUFs driftstilskud kan kun børne- og "
            "ungdomsorganisationer søge.)"
        ),
        "what_is_funded": (
            "Fx PR-materiale, leje af udstyr og lokaler, materialer, transport og lidt forplejning."
        ),
        "amount_max": "100000.00",
        "target_groups": ["children", "youth"],
        "required_documents": [
            "DUFs ansøgningsskema",
            "Et fuldt budget med alle udgifter og indtægter, også andre tilskud",
        ],
        "official_url": "https://duf.dk/artikel/vejledning-til-at-soege-initiativstoette/",
        "source": "DUF: «Vejledning til at søge Initiativstøtte».",
        "deadline_pattern": "løbende – søg, før hovedaktiviteterne slutter",
        "facts_confirmed": True,
    },
]


def seed(apps, schema_editor):
    Scheme = apps.get_model("grants", "Scheme")
    for rows, country, currency, languages in (
        (NORWEGIAN, "NO", "NOK", ["nb"]),
        (DANISH, "DK", "DKK", ["da"]),
    ):
        for row in rows:
            fields = {
                "country": country,
                "currency": currency,
                "guidance_languages": languages,
                "status": "published",
                "check_official_deadline": True,
                "facts_confirmed": False,
                **row,
            }
            slug = fields.pop("slug")
            Scheme.objects.get_or_create(slug=slug, defaults=fields)
    # A municipality's own scheme is for its own country's organisations.
    for scheme in Scheme.objects.filter(municipality__isnull=False).select_related("municipality"):
        if scheme.country != scheme.municipality.country:
            scheme.country = scheme.municipality.country
            scheme.save(update_fields=["country"])


def unseed(apps, schema_editor):
    Scheme = apps.get_model("grants", "Scheme")
    slugs = [row["slug"] for row in NORWEGIAN + DANISH]
    Scheme.objects.filter(slug__in=slugs, applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0007_scheme_country_cvr_source")]

    operations = [migrations.RunPython(seed, unseed)]
