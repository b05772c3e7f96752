"""The coordinator's registry as CSV and XLSX: who may download it, what it holds, its filters."""

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import MunicipalityMembership
from organizations import choices, exports
from organizations.models import Organization, OrganizationMembership
from tests.factories import (
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
)

pytestmark = pytest.mark.django_db

NAME, NUMBER, STATUS, CATEGORIES, MUNICIPALITIES, EMAIL, PHONE = range(7)
WEBSITE, POSTCODE, TOWN, VOLUNTARY_REGISTER, POLICE, INSURED, VERIFIED = range(7, 14)
KIND, ORIENTATION, UMBRELLA, UMBRELLA_NUMBER = range(14, 18)


def export_url(fmt="csv"):
    return reverse("organizations:registry_export", args=[fmt])


def download(client, fmt="csv", **params):
    response = client.get(export_url(fmt), params)
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheet(response):
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def names(rows) -> list[str]:
    return [row[NAME] for row in rows[1:]]


@pytest.fixture
def registry(municipality, other_municipality):
    """Two organisations in the coordinator's municipality, one elsewhere."""
    verified = OrganizationFactory(
        verified=True,
        verified_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),  # 2 March in Oslo
        name="Bjørnøya Idrettslag for Små og Store",
        org_number="864139442",
        categories=["sports"],
        municipalities=[municipality],
        email="post@bjornoya.example.no",
        phone="+4791234567",
        website="https://bjornoya.example.no/",
        postal_code="3015",
        postal_city="Drammen",
        in_voluntary_register=True,
        police_certificates=Organization.PoliceCertificates.YES,
        volunteers_insured=False,
    )
    pending = OrganizationFactory(
        name="Åsgårdstrand Sanitetsforening",
        categories=["faith"],
        municipalities=[municipality],
        visiting_postal_code="3179",
        visiting_city="Åsgårdstrand",
    )
    elsewhere = OrganizationFactory(
        verified=True, name="Asker Frivilligsentral", municipalities=[other_municipality]
    )
    return {"verified": verified, "pending": pending, "elsewhere": elsewhere}


# -- who may download ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymous_visitors_are_sent_to_sign_in(client, fmt):
    response = client.get(export_url(fmt))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ["plain_user", "caseworker", "organization_admin", "member"])
def test_only_coordinators_may_download(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(export_url("csv")).status_code == 403


def test_an_unknown_format_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(export_url("pdf")).status_code == 404


def test_coordinator_sees_only_their_municipalities(client, coordinator, registry):
    client.force_login(coordinator)
    rows = csv_rows(download(client))
    assert sorted(names(rows)) == [
        "Bjørnøya Idrettslag for Små og Store",
        "Åsgårdstrand Sanitetsforening",
    ]


def test_platform_admin_sees_every_organisation(client, platform_admin, registry):
    client.force_login(platform_admin)
    assert len(names(csv_rows(download(client)))) == 3


# -- what the file holds ------------------------------------------------------------------------


def test_csv_columns_and_norwegian_letters(client, coordinator, registry):
    client.force_login(coordinator)
    response = download(client)
    assert 'filename="' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    rows = csv_rows(response)

    with translation.override(settings.LANGUAGE_CODE):
        assert rows[0] == [str(column.header) for column in exports.COLUMNS]
        verified = next(row for row in rows if row[NAME].startswith("Bjørnøya"))
        assert verified == [
            "Bjørnøya Idrettslag for Små og Store",
            "864139442",
            str(Organization.Status.VERIFIED.label),
            str(choices.Category.SPORTS.label),
            "Drammen kommune",
            "post@bjornoya.example.no",
            "+4791234567",
            "https://bjornoya.example.no/",
            "3015",
            "Drammen",
            translation.gettext("Yes"),
            str(Organization.PoliceCertificates.YES.label),
            translation.gettext("No"),
            "2026-03-02",  # verified 23:30 UTC on 1 March: 2 March in Oslo
            str(choices.ActorKind.ASSOCIATION.label),
            "",  # orientation not given
            "",  # no umbrella
            "",
        ]
        pending = next(row for row in rows if row[NAME].startswith("Åsgårdstrand"))
        assert pending[STATUS] == str(Organization.Status.PENDING.label)
        # No postal address: the visiting address's postcode and town.
        assert (pending[POSTCODE], pending[TOWN]) == ("3179", "Åsgårdstrand")
        assert (pending[VOLUNTARY_REGISTER], pending[INSURED], pending[VERIFIED]) == ("", "", "")


def test_xlsx_has_a_bold_header_widths_and_the_same_rows(client, coordinator, registry):
    client.force_login(coordinator)
    csv_content = csv_rows(download(client))
    sheet = xlsx_sheet(download(client, "xlsx"))

    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == csv_content[0]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= len("Bjørnøya Idrettslag for Små og Store")
    assert sheet.freeze_panes == "A2"
    verified = next(row for row in rows if row[NAME].startswith("Bjørnøya"))
    assert verified[VERIFIED].date() == date(2026, 3, 2)  # a real date cell
    assert verified[NUMBER] == "864139442"  # text, not a number
    assert [[value or "" for value in row[:VERIFIED]] for row in rows[1:]] == [
        row[:VERIFIED] for row in csv_content[1:]
    ]


def test_contact_persons_private_numbers_are_not_exported(client, coordinator, registry):
    OrganizationMembershipFactory(
        organization=registry["verified"],
        role=OrganizationMembership.Role.CONTACT,
        phone="+4798765432",
        user__full_name="Kari Kontaktperson",
    )
    client.force_login(coordinator)
    for fmt in ("csv", "xlsx"):
        content = download(client, fmt).content
        assert b"98765432" not in content
        assert b"Kontaktperson" not in content
    assert "Kari" not in download(client).content.decode("utf-8-sig")


def test_text_that_looks_like_a_formula_stays_text(client, coordinator, municipality):
    OrganizationFactory(
        name='=HYPERLINK("https://evil.example","Klikk")', municipalities=[municipality]
    )
    client.force_login(coordinator)

    [row] = csv_rows(download(client))[1:]
    assert row[NAME] == '\'=HYPERLINK("https://evil.example","Klikk")'
    sheet = xlsx_sheet(download(client, "xlsx"))
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("https://evil.example","Klikk")'


@pytest.fixture
def kinds(municipality):
    """A local branch under its national umbrella, an immigrant council and a single enthusiast
    (R02–R04), all in the coordinator's municipality; the umbrella is not."""
    umbrella = OrganizationFactory(
        name="Norges Idrettsforbund", org_number="864139442", verified=True, categories=["large"]
    )
    OrganizationFactory(
        name="Drammen Idrettsråd",
        org_number="971273577",
        kind=choices.ActorKind.ASSOCIATION,
        orientation=choices.Orientation.MEMBERS,
        parent=umbrella,
        verified=True,
        municipalities=[municipality],
    )
    OrganizationFactory(
        name="Drammen innvandrerråd",
        org_number="",
        kind=choices.ActorKind.COUNCIL,
        orientation=choices.Orientation.SOCIETY,
        municipalities=[municipality],
    )
    OrganizationFactory(
        name="Fatima, ildsjel",
        org_number="",
        kind=choices.ActorKind.ENTHUSIAST,
        municipalities=[municipality],
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_kind_orientation_and_umbrella_are_exported_in_the_readers_language(
    client, coordinator, kinds, fmt
):
    client.force_login(coordinator)
    response = download(client, fmt)
    if fmt == "csv":
        rows = csv_rows(response)
    else:
        rows = [[v or "" for v in row] for row in xlsx_sheet(response).iter_rows(values_only=True)]

    assert rows[0][KIND:] == [
        "Type aktør",
        "Medlems- eller samfunnsrettet",
        "Paraplyorganisasjon",
        "Paraplyens organisasjonsnummer",
    ]
    found = {row[NAME]: row[KIND:] for row in rows[1:]}
    assert found == {
        "Drammen Idrettsråd": [
            "Registrert forening eller organisasjon",
            "Medlemsrettet",
            "Norges Idrettsforbund",
            "864139442",  # text, not a number, in the XLSX too
        ],
        "Drammen innvandrerråd": ["Innvandrerråd eller kontaktutvalg", "Samfunnsrettet", "", ""],
        "Fatima, ildsjel": ["Ildsjel (enkeltperson, ikke en organisasjon)", "", "", ""],
    }


def test_the_columns_are_in_english_for_an_english_reader(client, coordinator, kinds):
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    client.force_login(coordinator)
    rows = csv_rows(download(client))

    assert rows[0][KIND:] == [
        "Kind of actor",
        "Member- or society-oriented",
        "Umbrella organisation",
        "Umbrella's organisation number",
    ]
    branch = next(row for row in rows if row[NAME] == "Drammen Idrettsråd")
    assert branch[KIND] == "Registered association or organisation"
    assert branch[ORIENTATION] == "Member-oriented"


# -- the list's filters -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "pending"}, ["Åsgårdstrand Sanitetsforening"]),
        ({"status": "verified"}, ["Bjørnøya Idrettslag for Små og Store"]),
        ({"category": "sports"}, ["Bjørnøya Idrettslag for Små og Store"]),
        ({"q": "idrettslag"}, ["Bjørnøya Idrettslag for Små og Store"]),
        ({"q": "864 139"}, ["Bjørnøya Idrettslag for Små og Store"]),
        ({"q": "sanitet", "status": "verified"}, []),
        (
            {"municipality": "drammen"},
            ["Bjørnøya Idrettslag for Små og Store", "Åsgårdstrand Sanitetsforening"],
        ),
        ({"municipality": "asker"}, []),  # not the coordinator's: filters to nothing
        ({"status": "nonsense"}, []),
    ],
)
def test_exports_apply_the_registry_filters(client, coordinator, registry, fmt, params, expected):
    client.force_login(coordinator)
    response = download(client, fmt, **params)
    if fmt == "csv":
        found = names(csv_rows(response))
    else:
        found = [row[NAME] for row in xlsx_sheet(response).iter_rows(min_row=2, values_only=True)]
    assert sorted(found) == sorted(expected)


def test_municipality_filter_for_a_coordinator_of_two(client, coordinator, registry):
    MunicipalityMembershipFactory(
        user=coordinator,
        municipality=registry["elsewhere"].municipalities.get(),
        role=MunicipalityMembership.Role.COORDINATOR,
    )
    client.force_login(coordinator)
    assert len(names(csv_rows(download(client)))) == 3
    assert names(csv_rows(download(client, municipality="asker"))) == ["Asker Frivilligsentral"]


# -- speed --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("rows", [1, 30])
def test_export_query_count_is_flat(
    client, django_assert_num_queries, coordinator, municipality, fmt, rows
):
    umbrella = OrganizationFactory(verified=True, categories=["large"])
    for _ in range(rows):
        OrganizationFactory(
            municipalities=[municipality], categories=["sports", "faith"], parent=umbrella
        )
    client.force_login(coordinator)
    # session, user (roles and two-factor state come from the cache),
    # organisations with their umbrellas (joined), their categories, their municipalities
    with django_assert_num_queries(5):
        response = download(client, fmt)
    assert response.status_code == 200
