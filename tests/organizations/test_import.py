"""The mapping import: reading files, refusing bad ones, the preview, the import task, progress."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import openpyxl
import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accounts.models import Municipality, MunicipalityMembership
from accounts.versioned_cache import VersionedCache
from organizations import importing
from organizations.importing import (
    EXISTING,
    NEW,
    import_batch_run,
    progress_key,
    read_spreadsheet,
    rows_classify,
)
from organizations.models import ImportBatch, Invitation, Organization
from organizations.tasks import import_organizations
from tests.factories import MunicipalityFactory, MunicipalityMembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


UPLOAD = reverse("registry_import:upload")
NO_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
DK_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def org_number(start: int) -> str:
    """The first valid Norwegian organisation number (MOD11) from `start` (eight digits) on."""
    for prefix in range(start, start + 100):
        digits = str(prefix)
        remainder = sum(int(d) * w for d, w in zip(digits, NO_WEIGHTS, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return digits + str(check)
    raise AssertionError("no valid number")


def cvr_number(start: int) -> str:
    for number in range(start, start + 1000):
        digits = str(number)
        if sum(int(d) * w for d, w in zip(digits, DK_WEIGHTS, strict=True)) % 11 == 0:
            return digits
    raise AssertionError("no valid number")


NUMBER_A, NUMBER_B, NUMBER_C = org_number(91000000), org_number(92000000), org_number(93000000)
INVALID_NUMBER = NUMBER_A[:8] + str((int(NUMBER_A[8]) + 1) % 10)  # the check digit is off


def csv_file(
    text: str, name: str = "kartlegging.csv", encoding: str = "utf-8"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows, *, extra_sheet_first: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    other = workbook.create_sheet("Notater")
    other.append(["Not the data"])
    if extra_sheet_first:
        workbook.move_sheet(other, offset=-1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, municipality, file):
    return client.post(UPLOAD, {"municipality": municipality.pk, "file": file})


def mails(callbacks) -> list:
    """The on-commit callbacks that send e-mail: the caches of the public directories and of
    the start page also go stale on commit (accounts/versioned_cache.py)."""
    return [c for c in callbacks if not isinstance(getattr(c, "__self__", None), VersionedCache)]


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def preview(client, municipality, text: str) -> ImportBatch:
    response = upload(client, municipality, csv_file(text))
    assert response.status_code == 302, response.content.decode()
    return ImportBatch.objects.get()


# -- reading files ------------------------------------------------------------------------------


def test_reads_a_utf8_csv_with_commas():
    table = read_spreadsheet(csv_file("name,email\nSjakkklubben,post@sjakk.no\n"))

    assert table.columns == ["name", "email"]
    assert table.rows == [(2, {"name": "Sjakkklubben", "email": "post@sjakk.no"})]


def test_reads_a_utf8_csv_with_a_bom_and_semicolons():
    text = "\ufeffNavn;E-post;Beskrivelse\nHåndballklubben;post@hk.no;Trening, kamper og dugnad\n"

    table = read_spreadsheet(csv_file(text))

    assert table.rows == [
        (
            2,
            {
                "name": "Håndballklubben",
                "email": "post@hk.no",
                "description": "Trening, kamper og dugnad",
            },
        )
    ]


def test_reads_a_windows_1252_csv():
    text = "navn;poststed\nÆrlige Øl-venner;Bærum\n"

    table = read_spreadsheet(csv_file(text, encoding="cp1252"))

    assert table.rows == [(2, {"name": "Ærlige Øl-venner", "postal_city": "Bærum"})]


def test_header_names_are_matched_in_norwegian_and_english_whatever_the_case():
    header = (
        "NAVN,Organisasjonsnummer,kategorier,E-Post,TELEFON,Nettside,adresse,Postnummer,"
        "town,description"
    )
    row = "Lag,123,sports,a@b.no,91234567,lag.no,Gata 1,3001,Drammen,Om oss"

    table = read_spreadsheet(csv_file(f"{header}\n{row}\n"))

    assert table.columns == list(importing.COLUMNS)


def test_blank_rows_are_skipped_and_row_numbers_match_the_spreadsheet():
    table = read_spreadsheet(csv_file("navn\nFørste\n\n;\nAndre\n"))

    assert [number for number, _values in table.rows] == [2, 5]


def test_unknown_columns_are_left_out_and_named():
    table = read_spreadsheet(csv_file("navn;kontaktperson\nLag;Kari\n"))

    assert table.ignored == ["kontaktperson"]
    assert table.rows == [(2, {"name": "Lag"})]


def test_reads_the_first_sheet_of_an_xlsx_with_numbers_as_typed():
    data = xlsx_bytes(
        [
            ["Navn", "Organisasjonsnummer", "Telefon", "Postnummer"],
            ["Fotballklubben", int(NUMBER_A), 91234567, 150],
            [None, None, None, None],
            ["Turlaget", None, None, "3001"],
        ]
    )

    table = read_spreadsheet(SimpleUploadedFile("kartlegging.xlsx", data))

    assert table.rows == [
        (
            2,
            {
                "name": "Fotballklubben",
                "org_number": NUMBER_A,
                "phone": "91234567",
                "postal_code": "150",
            },
        ),
        (4, {"name": "Turlaget", "org_number": "", "phone": "", "postal_code": "3001"}),
    ]


def test_the_first_sheet_is_read_even_when_another_is_active():
    data = xlsx_bytes([["name"], ["Lag"]], extra_sheet_first=True)

    with pytest.raises(importing.ValidationError, match="no column for the organisation's name"):
        read_spreadsheet(SimpleUploadedFile("kartlegging.xlsx", data))


# -- refusing files: a reason next to the file field, nothing written ---------------------------


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
DOCX_LIKE = zip_bytes(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types><Override ContentType='
        b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>",
        "word/document.xml": b"<document/>",
    }
)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("kartlegging.pdf", b"%PDF-1.7\n", "Upload the mapping as a CSV file or an Excel workbook"),
        ("kartlegging.csv", PNG, "does not contain text"),
        ("kartlegging.csv", xlsx_bytes([["navn"], ["Lag"]]), "does not contain text"),
        ("kartlegging.xlsx", b"navn\nLag\n", "is not an Excel workbook"),
        ("kartlegging.xlsx", DOCX_LIKE, "is not an Excel workbook"),
        ("kartlegging.xlsx", b"PK\x03\x04 not really a zip", "is not an Excel workbook"),
        ("kartlegging.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        ("kartlegging.csv", b"navn\nL\x81g \x8d\x8f\x90\x9d\xff\xfe\n", "could not be read"),
        ("kartlegging.csv", b"organisasjon;e-post\nLag;a@b.no\n", "no column for the"),
        ("kartlegging.csv", b"  \n", "The file is empty"),
        ("kartlegging.csv", b"navn\n", "no rows below them"),
        ("kartlegging.csv", b"navn;name\nA;B\n", "Two columns mean the same"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_a_reason(
    signed_in, municipality, name, content, reason
):
    response = upload(signed_in, municipality, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["file"])
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert not ImportBatch.objects.exists()
    assert not Organization.objects.exists()


def test_a_file_over_the_size_limit_is_refused(signed_in, municipality, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = ("navn\n" + "Et lag med et langt navn\n" * 50_000).encode()

    response = upload(signed_in, municipality, csv_file(content.decode()))

    assert "larger than 1 MB" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_a_file_with_too_many_rows_is_refused(signed_in, municipality, settings):
    settings.IMPORT_MAX_ROWS = 3

    response = upload(signed_in, municipality, csv_file("navn\nA\nB\nC\nD\n"))

    assert "more than 3 rows" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_a_workbook_of_empty_rows_is_refused_after_the_row_limit(
    signed_in, municipality, settings, monkeypatch
):
    """The reported file had two million empty rows and kept a worker busy for 22 seconds:
    empty rows count towards the limit, and reading stops as soon as it is passed."""
    settings.IMPORT_MAX_ROWS = 50
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["navn"])
    sheet.append(["Lag A"])
    sheet.cell(row=1_048_576, column=1, value="Lag B")  # a million empty rows in between
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows_read = []
    real_cell_text = importing._cell_text
    monkeypatch.setattr(
        importing, "_cell_text", lambda value: rows_read.append(1) or real_cell_text(value)
    )

    response = upload(
        signed_in, municipality, SimpleUploadedFile("kartlegging.xlsx", buffer.getvalue())
    )

    error = response.context["form"].errors["file"][0]
    assert "more than 50 rows (empty rows count too)" in error
    assert len(rows_read) <= 52 * importing.MAX_COLUMNS  # it stopped at the limit
    assert not ImportBatch.objects.exists()


def test_a_csv_of_empty_lines_is_refused_after_the_row_limit(signed_in, municipality, settings):
    settings.IMPORT_MAX_ROWS = 5000

    response = upload(signed_in, municipality, csv_file("navn\nLag A\n" + "\n" * 5000 + "B\n"))

    assert "more than 5,000 rows" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_a_file_at_the_row_limit_is_read(settings):
    settings.IMPORT_MAX_ROWS = 3

    table = read_spreadsheet(csv_file("navn\nA\n\nB\n"))

    assert [values["name"] for _, values in table.rows] == ["A", "B"]


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_opened(
    signed_in, municipality, settings, monkeypatch
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = zip_bytes(
        {
            "[Content_Types].xml": importing.XLSX_MAIN_CONTENT_TYPE,
            "xl/worksheets/sheet1.xml": b"<x>" + b"0" * 3 * 1024 * 1024 + b"</x>",
        }
    )
    assert len(data) < 20_000  # a small upload that unpacks to 3 MB
    monkeypatch.setattr(openpyxl, "load_workbook", pytest.fail)

    response = upload(signed_in, municipality, SimpleUploadedFile("kartlegging.xlsx", data))

    assert "unpacks to more than 1 MB" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_an_xlsx_with_an_xml_entity_bomb_is_refused():
    data = zip_bytes(
        {
            "[Content_Types].xml": importing.XLSX_MAIN_CONTENT_TYPE,
            "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        }
    )

    with pytest.raises(importing.ValidationError, match="is not an Excel workbook"):
        read_spreadsheet(SimpleUploadedFile("kartlegging.xlsx", data))


# -- classifying rows ---------------------------------------------------------------------------


def classify(municipality, text):
    return rows_classify(table=read_spreadsheet(csv_file(text)), municipality=municipality)


def test_rows_are_new_or_match_an_existing_organisation(municipality, other_municipality):
    OrganizationFactory(
        name="Other Place", org_number=NUMBER_A, municipalities=[other_municipality]
    )
    OrganizationFactory(name="Drammen Sjakklubb", municipalities=[municipality])
    OrganizationFactory(name="Asker Turlag", municipalities=[other_municipality])

    rows = classify(
        municipality,
        "navn;organisasjonsnummer\n"
        f"Same Number;{NUMBER_A}\n"
        "DRAMMEN  sjakklubb;\n"
        "Asker Turlag;\n"
        f"Brand New;{NUMBER_B}\n",
    )

    assert [row["status"] for row in rows] == [EXISTING, EXISTING, NEW, NEW]
    assert rows[0]["match"]["by"] == "org_number"
    assert rows[0]["match"]["name"] == "Other Place"
    assert rows[1]["match"]["by"] == "name"
    assert rows[3]["clean"]["org_number"] == NUMBER_B


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("organisasjonsnummer", INVALID_NUMBER, "last digit does not match"),
        ("organisasjonsnummer", "12345", "9 digits; this one has 5"),
        ("kategorier", "sports; knitting", "Unknown category: “knitting”"),
        ("e-post", "post.lag.no", "not an e-mail address"),
        ("telefon", "+47 12", "does not look like a phone number"),
        ("telefon", "912345678901", "country code"),
        ("nettside", "not a site", "not a web address"),
        ("postnummer", "30011", "4 digits"),
    ],
)
def test_a_bad_cell_makes_the_row_an_error_with_the_reason(municipality, column, value, reason):
    rows = classify(municipality, f'navn;{column}\nLaget;"{value}"\n')

    assert rows[0]["status"] == "error"
    (message,) = rows[0]["errors"].values()
    assert reason in message


def test_a_row_without_a_name_is_an_error(municipality):
    rows = classify(municipality, "navn;e-post\n;post@lag.no\n")

    assert rows[0]["status"] == "error"
    assert "name is missing" in rows[0]["errors"]["name"]


def test_a_number_or_name_twice_in_the_file_is_an_error_on_the_second_row(municipality):
    rows = classify(
        municipality,
        f"navn;organisasjonsnummer\nA;{NUMBER_A}\nB;{NUMBER_A}\nA;\n",
    )

    assert [row["status"] for row in rows] == [NEW, "error", "error"]
    assert "on row 2" in rows[1]["errors"]["org_number"]
    assert "on row 2" in rows[2]["errors"]["name"]


def test_cells_are_normalised(municipality):
    rows = classify(
        municipality,
        "navn;kategorier;e-post;telefon;nettside;postnummer\n"
        "Laget;Sports club, FAITH;Post@Lag.NO;912 34 567;lag.no;150\n",
    )

    clean = rows[0]["clean"]
    assert clean["categories"] == ["sports", "faith"]
    assert clean["email"] == "post@lag.no"
    assert clean["phone"] == "+4791234567"
    assert clean["website"] == "https://lag.no"
    assert clean["postal_code"] == "0150"


def test_a_danish_municipality_checks_cvr_numbers(db):
    aarhus = MunicipalityFactory(country=Municipality.Country.DENMARK, number="751")
    cvr = cvr_number(10000000)

    rows = classify(aarhus, f"navn;cvr;telefon\nForeningen;{cvr};12345678\nAndre;{NUMBER_A};\n")

    assert rows[0]["status"] == NEW
    assert rows[0]["clean"]["number_scheme"] == Organization.NumberScheme.DENMARK
    assert rows[0]["clean"]["phone"] == "+4512345678"
    assert "8 digits" in rows[1]["errors"]["org_number"]


def test_a_danish_municipality_checks_danish_postcodes(db):
    naestved = MunicipalityFactory(country=Municipality.Country.DENMARK, number="370")

    rows = classify(naestved, "navn;postnummer\nForeningen;3910\nAndre;800\nTredje;47000\n")

    assert "3910 is not a Danish postcode" in rows[0]["errors"]["postal_code"]
    assert rows[1]["clean"]["postal_code"] == "0800"  # the leading zero a spreadsheet dropped
    assert "for example 4700 Næstved" in rows[2]["errors"]["postal_code"]


# -- the pages ----------------------------------------------------------------------------------


def test_the_preview_shows_each_row_and_the_counts(signed_in, municipality):
    OrganizationFactory(name="Kjent Lag", municipalities=[municipality])
    batch = preview(signed_in, municipality, "navn;e-post\nNytt Lag;a@b.no\nKjent lag;\nFeil;x\n")

    response = signed_in.get(reverse("registry_import:preview", args=[batch.pk]))

    assert batch.status == ImportBatch.Status.PREVIEW
    assert batch.total == 1
    assert response.context["counts"] == {"new": 1, "existing": 1, "error": 1}
    page = response.content.decode()
    assert "<caption" in page
    assert '<th scope="row">4</th>' in page
    assert "not an e-mail address" in page


def test_a_coordinator_of_two_municipalities_chooses_one(client, coordinator, other_municipality):
    MunicipalityMembershipFactory(
        user=coordinator,
        municipality=other_municipality,
        role=MunicipalityMembership.Role.COORDINATOR,
    )
    client.force_login(coordinator)

    page = client.get(UPLOAD).content.decode()
    upload(client, other_municipality, csv_file("navn\nLag\n"))

    assert "<select" in page
    assert ImportBatch.objects.get().municipality == other_municipality


def test_a_coordinator_cannot_import_into_another_municipality(signed_in, other_municipality):
    response = upload(signed_in, other_municipality, csv_file("navn\nLag\n"))

    assert "municipality" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_preview_costs_the_same_queries_however_many_rows(
    signed_in, municipality, django_assert_num_queries, rows
):
    text = "navn;e-post\n" + "".join(f"Lag {n};post{n}@lag.no\n" for n in range(rows))
    batch = preview(signed_in, municipality, text)
    signed_in.get(UPLOAD)  # warm up: the session and the message storage

    # session, user, TOTP check (authenticators), roles (municipal and organisation memberships),
    # the batch with its municipality, the header's municipalities
    with django_assert_num_queries(4):
        response = signed_in.get(reverse("registry_import:preview", args=[batch.pk]))

    assert response.status_code == 200
    assert len(response.context["table_rows"]) == rows


def confirm(client, batch, *, invite=False, capture):
    data = {"invite": "1"} if invite else {}
    with capture(execute=True):
        return client.post(reverse("registry_import:confirm", args=[batch.pk]), data)


def test_confirming_imports_the_new_rows_as_pending_imported_organisations(
    signed_in, municipality, coordinator, django_capture_on_commit_callbacks
):
    OrganizationFactory(name="Kjent Lag", municipalities=[municipality])
    batch = preview(
        signed_in,
        municipality,
        "navn;organisasjonsnummer;kategorier;beskrivelse\n"
        f"Nytt Lag;{NUMBER_A};sports;Fotball for alle\n"
        "Kjent Lag;;;\n"
        f"Feil;{INVALID_NUMBER};;\n"
        "Turlaget;;Outdoor-life association;\n",
    )

    response = confirm(signed_in, batch, capture=django_capture_on_commit_callbacks)

    assert response.url == reverse("registry_import:progress", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.total, batch.processed, batch.created_count) == (2, 2, 2)
    assert batch.finished_at is not None
    imported = Organization.objects.filter(imported=True).order_by("name")
    assert [o.name for o in imported] == ["Nytt Lag", "Turlaget"]
    new = imported[0]
    assert new.status == Organization.Status.PENDING
    assert new.org_number == NUMBER_A
    assert list(new.municipalities.all()) == [municipality]
    assert [c.code for c in new.categories.all()] == ["sports"]
    assert "Fotball for alle" in new.search_document
    assert new.created_by == coordinator
    assert {h.history_user for h in new.history.all()} == {coordinator}
    assert [c.code for c in imported[1].categories.all()] == ["outdoor"]
    assert not mail.outbox  # no invitations unless asked for


def test_nothing_from_the_batch_is_imported_when_one_row_fails(
    signed_in, municipality, django_capture_on_commit_callbacks
):
    batch = preview(
        signed_in,
        municipality,
        f"navn;organisasjonsnummer\nFørste;{NUMBER_A}\nAndre;{NUMBER_B}\nTredje;{NUMBER_C}\n",
    )
    # registered by someone else between the preview and the import
    OrganizationFactory(name="Kom først", org_number=NUMBER_C)

    confirm(signed_in, batch, invite=True, capture=django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "Nothing was imported" in batch.error
    assert "row 4" in batch.error
    assert list(Organization.objects.values_list("name", flat=True)) == ["Kom først"]
    assert not Invitation.objects.exists()
    assert not mail.outbox
    assert cache.get(progress_key(batch.pk)) is None


def test_running_the_import_twice_imports_once(
    signed_in, municipality, coordinator, django_capture_on_commit_callbacks
):
    batch = preview(signed_in, municipality, "navn;e-post\nA;a@lag.no\nB;b@lag.no\n")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)

    with django_capture_on_commit_callbacks() as sends:  # e-mails: see the invitation tests
        first = import_organizations.delay(batch.pk, coordinator.pk, True).get()
        second = import_organizations.delay(batch.pk, coordinator.pk, True).get()

    assert (first, second) == (2, 0)
    assert Organization.objects.filter(imported=True).count() == 2
    assert Invitation.objects.count() == len(mails(sends)) == 2
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_import_the_batch_once(municipality, coordinator):
    text = "navn\n" + "".join(f"Lag {n}\n" for n in range(40))
    batch = ImportBatch.objects.create(
        municipality=municipality,
        uploaded_by=coordinator,
        filename="k.csv",
        rows=rows_classify(table=read_spreadsheet(csv_file(text)), municipality=municipality),
        status=ImportBatch.Status.QUEUED,
    )

    def worker(_n: int) -> int:
        try:
            done = import_batch_run(batch_id=batch.pk, by_id=coordinator.pk, invite=False)
            return done.created_count if done else 0
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(worker, range(2)))

    assert sorted(counts) == [0, 40]
    assert Organization.objects.filter(imported=True).count() == 40


def test_a_batch_in_preview_is_not_imported_by_the_task(signed_in, municipality, coordinator):
    batch = preview(signed_in, municipality, "navn\nA\n")

    assert import_batch_run(batch_id=batch.pk, by_id=coordinator.pk, invite=False) is None
    assert not Organization.objects.exists()


def test_a_batch_cannot_be_confirmed_twice(
    signed_in, municipality, django_capture_on_commit_callbacks
):
    batch = preview(signed_in, municipality, "navn\nA\n")
    confirm(signed_in, batch, capture=django_capture_on_commit_callbacks)

    response = confirm(signed_in, batch, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Organization.objects.count() == 1


def test_invitations_are_made_for_the_rows_with_an_email(
    signed_in, municipality, coordinator, django_capture_on_commit_callbacks
):
    batch = preview(signed_in, municipality, "navn;e-post\nA;a@lag.no\nB;\nC;C@Lag.no\n")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)

    with django_capture_on_commit_callbacks() as sends:
        import_batch_run(batch_id=batch.pk, by_id=coordinator.pk, invite=True)

    invitations = Invitation.objects.select_related("organization").order_by("email")
    assert [(i.email, i.organization.name) for i in invitations] == [
        ("a@lag.no", "A"),
        ("c@lag.no", "C"),
    ]
    assert {(i.role, i.invited_by) for i in invitations} == {("admin", coordinator)}
    assert len(mails(sends)) == 2  # one e-mail each, sent after the import commits


def test_invitation_emails_go_to_the_rows_with_an_email(
    signed_in, municipality, django_capture_on_commit_callbacks
):
    batch = preview(signed_in, municipality, "navn;e-post\nA;a@lag.no\nB;\nC;C@Lag.no\n")

    confirm(signed_in, batch, invite=True, capture=django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == ["a@lag.no", "c@lag.no"]
    assert all(i.sent_at for i in Invitation.objects.all())


def test_progress_is_written_to_the_cache_while_the_transaction_is_open(
    signed_in, municipality, coordinator, monkeypatch
):
    batch = preview(signed_in, municipality, "navn\nA\nB\nC\n")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    seen = []
    refresh = importing.organization_refresh_search

    def spy(*, organization):
        seen.append(cache.get(progress_key(batch.pk)))
        refresh(organization=organization)

    monkeypatch.setattr(importing, "organization_refresh_search", spy)

    import_batch_run(batch_id=batch.pk, by_id=coordinator.pk, invite=False)

    assert seen == [{"processed": n, "total": 3} for n in range(3)]
    assert cache.get(progress_key(batch.pk)) is None  # finished: the database has the numbers


def test_the_progress_page_reads_the_cache_while_the_import_runs(signed_in, municipality):
    batch = preview(signed_in, municipality, "navn\nA\nB\nC\n")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    cache.set(progress_key(batch.pk), {"processed": 2, "total": 3})

    page = signed_in.get(reverse("registry_import:progress", args=[batch.pk])).content.decode()

    assert '<progress class="u-w-100" max="3" value="2"' in page
    assert "2 of 3 rows" in page
    assert 'role="status"' in page
    assert "Refresh to see the progress" in page  # works without JavaScript


def test_htmx_gets_the_polling_fragment_until_the_import_is_done(
    signed_in, municipality, django_capture_on_commit_callbacks
):
    batch = preview(signed_in, municipality, "navn\nA\n")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    url = reverse("registry_import:progress", args=[batch.pk])

    running = signed_in.get(url, headers={"HX-Request": "true"})
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEW)
    confirm(signed_in, batch, capture=django_capture_on_commit_callbacks)
    done = signed_in.get(url, headers={"HX-Request": "true"})

    assert running["Vary"].count("HX-Request") == 1
    fragment = running.content.decode()
    assert fragment.lstrip().startswith('<div id="import-progress"')
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' in fragment
    finished = done.content.decode()
    assert "hx-trigger" not in finished
    assert "1 organisation was added" in finished
    assert reverse("organizations:registry") in finished


def test_cancelling_a_preview_deletes_it(signed_in, municipality):
    batch = preview(signed_in, municipality, "navn\nA\n")

    response = signed_in.post(reverse("registry_import:cancel", args=[batch.pk]))

    assert response.url == UPLOAD
    assert not ImportBatch.objects.exists()
    assert not Organization.objects.exists()


# -- who may -------------------------------------------------------------------------------------


@pytest.fixture
def batch(municipality, coordinator):
    return ImportBatch.objects.create(
        municipality=municipality, uploaded_by=coordinator, filename="k.csv", rows=[]
    )


def batch_urls(batch):
    return [
        ("get", reverse("registry_import:preview", args=[batch.pk])),
        ("get", reverse("registry_import:progress", args=[batch.pk])),
        ("post", reverse("registry_import:confirm", args=[batch.pk])),
        ("post", reverse("registry_import:cancel", args=[batch.pk])),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, batch):
    for method, url in [("get", UPLOAD), *batch_urls(batch)]:
        response = getattr(client, method)(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["plain_user", "caseworker", "organization_admin"])
def test_people_who_are_not_coordinators_get_403(client, request, batch, who):
    client.force_login(request.getfixturevalue(who))

    for method, url in [("get", UPLOAD), *batch_urls(batch)]:
        assert getattr(client, method)(url).status_code == 403


def test_a_coordinator_of_another_municipality_cannot_see_the_batch(
    client, other_coordinator, batch
):
    client.force_login(other_coordinator)

    for method, url in batch_urls(batch):
        assert getattr(client, method)(url).status_code == 404
    assert ImportBatch.objects.filter(pk=batch.pk).exists()
