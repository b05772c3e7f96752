"""The agenda templates shipped with the portal (R34), per country, for the kinds of meeting the
sources describe: the start-up meeting of a cooperation, the cooperation meeting with the standing
items Næstved uses every second month, the evaluation meeting against what was agreed, and the
information meeting about grants. A municipality replaces any of them with its own
(models.AgendaTemplate); a new meeting of that kind starts from the municipality's version."""

from __future__ import annotations

from meetings.models import Kind

SHIPPED: dict[str, dict[str, str]] = {
    "NO": {
        Kind.START_UP: (
            "1. Velkommen og presentasjon\n"
            "2. Forventninger til hverandre: hva kan hver av oss bidra med?\n"
            "3. Rammer: lokaler, antall frivillige, tolk\n"
            "4. Kontaktliste: navn, e-post og telefon på begge sider\n"
            "5. Hvem kaller inn til oppfølgingsmøter, og hvem skriver referat?\n"
            "6. Neste møte"
        ),
        Kind.COOPERATION: (
            "1. Velkommen og kaffe\n"
            "2. Nye frivillige presenterer seg\n"
            "3. Nytt fra kommunen: nyankomne flyktninger (antall, ingen navn)\n"
            "4. Nytt fra organisasjonene: aktuelle aktiviteter\n"
            "5. Utfordringer og erfaringer\n"
            "6. Neste møte og hvem som skriver referat"
        ),
        Kind.EVALUATION: (
            "1. Velkommen\n"
            "2. Gjennomgang av samarbeidsavtalen: målgruppe og ansvarsfordeling\n"
            "3. Oppgave for oppgave: gjort, delvis gjort eller ikke gjort\n"
            "4. Hva fungerer, hva er vanskelig?\n"
            "5. Endringer til neste avtaleperiode\n"
            "6. Ny dato for evaluering"
        ),
        Kind.GRANT_INFORMATION: (
            "1. Hvilke tilskudd kan dere søke?\n"
            "2. Frister og krav\n"
            "3. Slik skriver dere en god søknad\n"
            "4. Rapportering etterpå\n"
            "5. Spørsmål, og hjelp til egen søknad"
        ),
    },
    "DK": {
        Kind.START_UP: (
            "1. Velkomst og præsentation\n"
            "2. Forventninger til hinanden: hvad kan hver især bidrage med?\n"
            "3. Rammer: lokaler, antal frivillige, tolkebistand\n"
            "4. Kontaktliste: navne, e-mails og telefonnumre på begge sider\n"
            "5. Hvem indkalder til opfølgende møder, og hvem skriver referat?\n"
            "6. Næste møde"
        ),
        Kind.COOPERATION: (
            "1. Velkomst og kaffe\n"
            "2. Nye frivillige præsenterer sig\n"
            "3. Nyt fra kommunen: nyankomne flygtninge (antal, ingen navne)\n"
            "4. Nyt fra foreningerne: aktuelle aktiviteter\n"
            "5. Udfordringer og erfaringer\n"
            "6. Næste møde og hvem der skriver referat"
        ),
        Kind.EVALUATION: (
            "1. Velkomst\n"
            "2. Gennemgang af samarbejdsaftalen: målgruppe og ansvarsfordeling\n"
            "3. Opgave for opgave: gjort, delvist gjort eller ikke gjort\n"
            "4. Hvad fungerer, hvad er svært?\n"
            "5. Ændringer til næste aftaleperiode\n"
            "6. Ny dato for evaluering"
        ),
        Kind.GRANT_INFORMATION: (
            "1. Hvilke puljer kan I søge?\n"
            "2. Frister og krav\n"
            "3. Sådan skriver I en god ansøgning\n"
            "4. Afrapportering bagefter\n"
            "5. Spørgsmål, og hjælp til egen ansøgning"
        ),
    },
}

KINDS = tuple(SHIPPED["NO"])


def shipped_for(country: str) -> dict[str, str]:
    return SHIPPED.get(country, SHIPPED["NO"])
