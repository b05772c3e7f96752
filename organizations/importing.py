"""The mapping import (kartlegging): a coordinator uploads a spreadsheet of the organisations in
their municipality, sees a preview of every row, and confirms; a background task then creates
the new ones as pending, imported organisations.

Three parts, in the order they run:

1. `read_spreadsheet` turns an upload into a `Table`, or refuses the file with a reason the
   coordinator can act on (wrong kind of file, too big, too many rows, unreadable text, a zip
   bomb, no name column). Nothing is written when a file is refused.
2. `import_batch_create` classifies each row as new, matching an existing organisation, or in
   error (with a reason per cell) and stores the result as an `ImportBatch` in preview.
3. `import_batch_confirm` queues the batch; `import_batch_run` (the Celery task's body) imports
   every new row in one transaction, writing its progress to the cache so that the progress page
   can follow it from another process while the transaction is still open.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.languages import language_for
from accounts.models import Municipality
from accounts.selectors import user_roles
from core.countries import normalize_postal_code
from core.translated_fields import localized
from organizations.choices import Category
from organizations.models import CategoryTerm, ImportBatch, Invitation, Organization
from organizations.models import OrganizationMembership as Membership
from organizations.services import invitation_create, organization_refresh_search
from organizations.validators import (
    normalize_danish_cvr,
    normalize_norwegian_org_number,
    normalize_phone,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User

logger = logging.getLogger(__name__)

NEW, EXISTING, ERROR = "new", "existing", "error"

# Header names, compared after `_header_key` (case, spaces, dots, hyphens and underscores ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "navn", "organisationname", "organizationname", "organisasjonsnavn"),
    "org_number": (
        "orgnumber",
        "organisationnumber",
        "organizationnumber",
        "organisasjonsnummer",
        "orgnr",
        "cvr",
        "cvrnummer",
    ),
    "categories": ("categories", "category", "kategorier", "kategori"),
    "email": ("email", "epost", "emailaddress", "epostadresse"),
    "phone": ("phone", "telefon", "telephone", "tlf", "telefonnummer"),
    "website": ("website", "nettside", "hjemmeside", "web", "url"),
    "postal_address": ("postaladdress", "adresse", "address", "postadresse"),
    "postal_code": ("postcode", "postnummer", "postalcode", "postnr", "zip"),
    "postal_city": ("town", "poststed", "city", "sted"),
    "description": ("description", "beskrivelse"),
}
# Column headings on the preview page, in this order.
COLUMN_LABELS = {
    "name": gettext_lazy("Name"),
    "org_number": gettext_lazy("Organisation number"),
    "categories": gettext_lazy("Categories"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "website": gettext_lazy("Website"),
    "postal_address": gettext_lazy("Postal address"),
    "postal_code": gettext_lazy("Postcode"),
    "postal_city": gettext_lazy("Town"),
    "description": gettext_lazy("Description"),
}
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
MAX_LENGTHS = {"name": 200, "postal_address": 200, "postal_city": 100, "website": 200}
MAX_COLUMNS = 60  # columns further right are not read (a crafted sheet could claim 16,384)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
ZIP_MAGIC = b"PK\x03\x04"
XLSX_MAIN_CONTENT_TYPE = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)
XLSX_MAX_MEMBERS = 1000
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _max_unpacked_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 10 * settings.IMPORT_MAX_BYTES)


# -- 1. reading the file ------------------------------------------------------------------------


@dataclass
class Table:
    """The rows of an upload, by column name; `rows` holds (row number in the file, values)."""

    filename: str
    columns: list[str]
    ignored: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_spreadsheet(upload: UploadedFile) -> Table:
    """Read a CSV or XLSX upload, or raise ValidationError saying why it cannot be used."""
    filename = Path(upload.name or "").name
    extension = Path(filename).suffix.lower()
    if extension not in (".csv", ".txt", ".xlsx"):
        raise ValidationError(
            _("Upload the mapping as a CSV file or an Excel workbook (.xlsx)."), code="type"
        )
    limit = settings.IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_big(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_big(limit)
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    records = _xlsx_records(data) if extension == ".xlsx" else _csv_records(data)
    try:
        return _table(filename, records)
    finally:
        records.close()  # an XLSX reader holds the workbook open until closed


def _too_big(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(size)d MB. Split it into smaller files.")
        % {"size": limit // (1024 * 1024)},
        code="size",
    )


def _not_text() -> ValidationError:
    return ValidationError(
        _(
            "This file does not contain text. In your spreadsheet, save it as CSV "
            "(comma- or semicolon-separated) or as an Excel workbook (.xlsx) and try again."
        ),
        code="type",
    )


def _not_workbook() -> ValidationError:
    return ValidationError(
        _(
            "This file is named .xlsx but is not an Excel workbook that can be read. Open it in "
            "your spreadsheet, save it again as .xlsx or as CSV, and try again."
        ),
        code="type",
    )


def _csv_records(data: bytes):
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\x00" in data:
        raise _not_text()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(
            _(
                "The text in the file could not be read. Save it as “CSV UTF-8” in your "
                "spreadsheet and try again."
            ),
            code="encoding",
        )
    if _CONTROL_CHARACTERS.search(text):
        raise _not_text()
    text = text.lstrip("\ufeff")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    try:
        yield from reader
    except csv.Error as error:
        raise ValidationError(
            _(
                "Line %(line)d of the file could not be read (%(reason)s). "
                "Check its quotation marks."
            )
            % {"line": reader.line_num, "reason": error},
            code="csv",
        ) from error


def _sniff_delimiter(header_line: str) -> str:
    """Comma or semicolon: the one that splits the header into more known columns."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        return sum(_header_key(c) in _ALIASES for c in cells), len(cells)

    return max((";", ","), key=score)  # a tie (one column) goes to the semicolon: harmless


def _xlsx_records(data: bytes):
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook. Save it as "
                ".xlsx without a password, or as CSV, and try again."
            ),
            code="type",
        )
    if not data.startswith(ZIP_MAGIC):
        raise _not_workbook()
    _check_workbook_package(data)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _not_workbook() from error
    try:
        if not workbook.worksheets:
            raise _not_workbook()
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the size the file claims for itself
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _check_workbook_package(data: bytes) -> None:
    """An XLSX is a zip with OOXML parts. Check it is one, and that it is not a zip bomb,
    before openpyxl opens it.

    The sizes checked are the ones the zip declares; Python's zipfile never inflates a member
    beyond its declared size (it stops and fails the CRC check), so they bound the memory used.
    XML parts with a DTD are refused: OOXML never has one, and entity expansion is a bomb too.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
        raise _not_workbook() from error
    with package:
        members = package.infolist()
        if len(members) > XLSX_MAX_MEMBERS or sum(m.file_size for m in members) > (
            _max_unpacked_bytes()
        ):
            raise ValidationError(
                _(
                    "The workbook unpacks to more than %(size)d MB. Remove pictures and other "
                    "sheets, or save the list as CSV, and try again."
                )
                % {"size": _max_unpacked_bytes() // (1024 * 1024)},
                code="unpacked_size",
            )
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names:
            raise _not_workbook()
        try:
            if XLSX_MAIN_CONTENT_TYPE not in package.read("[Content_Types].xml"):
                raise _not_workbook()
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    content = package.read(member)
                    if any(marker in content for marker in _DTD_MARKERS):
                        raise _not_workbook()
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as e:
            raise _not_workbook() from e


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # numbers typed into a cell: 987654321.0
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _header_key(header: str) -> str:
    return re.sub(r"[\s_\-.]", "", header.strip().lstrip("\ufeff").casefold())


def _table(filename: str, records) -> Table:
    header: list[str] | None = None
    positions: dict[str, int] = {}
    table = Table(filename=filename, columns=[])
    max_rows = settings.IMPORT_MAX_ROWS
    for number, record in enumerate(records, start=1):
        # Every row read counts, empty ones too: a sheet of two million empty rows is refused
        # after `max_rows` of them instead of keeping a worker busy reading all of them.
        if number > max_rows + 1:  # the heading row and `max_rows` rows below it
            raise _too_many_rows(max_rows)
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if header is None:
            header = cells
            positions = _columns(header, table)
            continue
        values = {
            name: (cells[index] if index < len(cells) else "") for name, index in positions.items()
        }
        table.rows.append((number, values))
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    if not table.rows:
        raise ValidationError(
            _("The file has column names but no rows below them."), code="no_rows"
        )
    return table


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _(
            "The file has more than %(max)s rows (empty rows count too). "
            "Split it into smaller files, or delete the empty rows below the list."
        )
        % {"max": number_format(max_rows, force_grouping=True)},
        code="rows",
    )


def _columns(header: list[str], table: Table) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        if not heading:
            continue
        name = _ALIASES.get(_header_key(heading))
        if name is None:
            table.ignored.append(heading)
        elif name in positions:
            raise ValidationError(
                _("Two columns mean the same: “%(first)s” and “%(second)s”. Remove one of them.")
                % {"first": header[positions[name]], "second": heading},
                code="duplicate_column",
            )
        else:
            positions[name] = index
    if "name" not in positions:
        raise ValidationError(
            _(
                "The file has no column for the organisation's name. The first row must hold the "
                "column names, one of them “navn” or “name”. The first row has: %(found)s."
            )
            % {"found": ", ".join(h for h in header if h)[:200]},
            code="no_name_column",
        )
    table.columns = [name for name in COLUMNS if name in positions]
    return positions


# -- 2. classifying the rows --------------------------------------------------------------------


def _category_lookup() -> dict[str, str]:
    """Codes and labels (in every language of the portal), case-insensitive, to category codes."""
    lookup = {code.casefold(): code for code in Category.values}
    for language in dict(settings.LANGUAGES):
        with translation.override(language):
            lookup |= {str(label).casefold(): code for code, label in Category.choices}
    return lookup


def _categories(cell: str, lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """Codes for a cell like "Sports club; faith", and the parts that matched nothing.

    Adjacent parts are joined again when together they make a label with a comma in it."""
    parts = re.split(r"([,;])", cell)
    codes: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -2):
            candidate = "".join(parts[start:end]).strip().casefold()
            if candidate in lookup or end == start + 1:
                break
        word = "".join(parts[start:end]).strip()
        if word:
            code = lookup.get(word.casefold())
            if code is None:
                unknown.append(word)
            elif code not in codes:
                codes.append(code)
        start = end + 1  # skip the separator
    return codes, unknown


def _too_long(value: str, limit: int) -> str | None:
    if len(value) <= limit:
        return None
    return _("At most %(max)d characters; this has %(count)d.") % {
        "max": limit,
        "count": len(value),
    }


def _clean_row(
    values: dict[str, str], *, danish: bool, language: str, lookup: dict[str, str]
) -> tuple:
    """Normalised fields for an Organization, and the errors by column."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}

    name = " ".join(values.get("name", "").split())
    if not name:
        errors["name"] = _("The name is missing. Every organisation needs a name.")
    elif message := _too_long(name, MAX_LENGTHS["name"]):
        errors["name"] = message
    clean["name"] = name

    clean["org_number"] = ""
    clean["number_scheme"] = (
        Organization.NumberScheme.DENMARK if danish else Organization.NumberScheme.NORWAY
    )
    if number := values.get("org_number", ""):
        normalize = normalize_danish_cvr if danish else normalize_norwegian_org_number
        try:
            clean["org_number"] = normalize(number)
        except ValidationError as error:
            errors["org_number"] = error.messages[0]

    codes, unknown = _categories(values.get("categories", ""), lookup)
    clean["categories"] = codes
    if unknown:
        errors["categories"] = _("Unknown category: %(unknown)s. Use one of: %(known)s.") % {
            "unknown": ", ".join(f"“{u}”" for u in unknown),
            "known": ", ".join(str(label) for label in Category.labels),
        }

    email = values.get("email", "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _(
                "This is not an e-mail address. Check for typos, such as a missing @."
            )
    clean["email"] = email

    try:
        clean["phone"] = normalize_phone(values.get("phone", ""), "DK" if danish else "NO")
    except ValidationError as error:
        errors["phone"] = error.messages[0]

    website = values.get("website", "").strip()
    if website and not re.match(r"^[a-z][a-z0-9+.\-]*://", website, re.IGNORECASE):
        website = "https://" + website
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = _("This is not a web address. Write it like https://example.no.")
        else:
            if message := _too_long(website, MAX_LENGTHS["website"]):
                errors["website"] = message
    clean["website"] = website

    postal_code = re.sub(r"\s", "", values.get("postal_code", ""))
    if postal_code.isdigit() and len(postal_code) < 4:
        postal_code = postal_code.zfill(4)  # a spreadsheet drops the leading zero of 0150
    try:
        postal_code = normalize_postal_code(postal_code, "DK" if danish else "NO")
    except ValidationError as error:
        errors["postal_code"] = error.messages[0]
    clean["postal_code"] = postal_code

    for column in ("postal_address", "postal_city"):
        value = " ".join(values.get(column, "").split())
        if message := _too_long(value, MAX_LENGTHS[column]):
            errors[column] = message
        clean[column] = value
    # The register's text is in the importing municipality's language (bokmål, nynorsk, Danish).
    clean[localized("description", language)] = values.get("description", "").strip()
    return clean, errors


def rows_classify(*, table: Table, municipality: Municipality) -> list[dict[str, Any]]:
    """One dict per row: new, existing (with the match) or error (with a reason per column).

    Two queries however many rows: the organisation numbers in the file, and the names of the
    organisations already active in the municipality."""
    danish = municipality.country == Municipality.Country.DENMARK
    lookup = _category_lookup()
    rows: list[dict[str, Any]] = []
    first_with_number: dict[str, int] = {}
    first_with_name: dict[str, int] = {}
    for number, values in table.rows:
        clean, errors = _clean_row(
            values, danish=danish, language=municipality.language, lookup=lookup
        )
        org_number, name_key = clean["org_number"], clean["name"].casefold()
        if org_number and "org_number" not in errors:
            if org_number in first_with_number:
                errors["org_number"] = _("The same organisation number is on row %(row)d.") % {
                    "row": first_with_number[org_number]
                }
            first_with_number.setdefault(org_number, number)
        if name_key and "name" not in errors:
            if name_key in first_with_name:
                errors["name"] = _("The same name is on row %(row)d.") % {
                    "row": first_with_name[name_key]
                }
            first_with_name.setdefault(name_key, number)
        rows.append(
            {
                "row": number,
                "status": ERROR if errors else NEW,
                "values": values,
                "clean": clean,
                "errors": errors,
                "match": None,
            }
        )

    scheme = Organization.NumberScheme.DENMARK if danish else Organization.NumberScheme.NORWAY
    by_number = {
        org_number: (pk, name)
        for pk, name, org_number in Organization.objects.filter(
            number_scheme=scheme, org_number__in=list(first_with_number)
        ).values_list("pk", "name", "org_number")
    }
    by_name = {
        " ".join(name.split()).casefold(): (pk, name)
        for pk, name in Organization.objects.filter(municipalities=municipality).values_list(
            "pk", "name"
        )
    }
    for row in rows:
        if row["status"] == ERROR:
            continue
        clean = row["clean"]
        if clean["org_number"] in by_number:
            pk, name = by_number[clean["org_number"]]
            row["match"] = {"id": pk, "name": name, "by": "org_number"}
        elif clean["name"].casefold() in by_name:
            pk, name = by_name[clean["name"].casefold()]
            row["match"] = {"id": pk, "name": name, "by": "name"}
        if row["match"]:
            row["status"] = EXISTING
    return rows


def batch_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {NEW: 0, EXISTING: 0, ERROR: 0}
    for row in rows:
        counts[row["status"]] += 1
    return counts


# -- the upload form ------------------------------------------------------------------------------


class ImportUploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("The organisations in the file will be added to this municipality."),
    )
    file = forms.FileField(
        label=gettext_lazy("Mapping file (CSV or Excel)"),
        help_text=gettext_lazy(
            "A CSV file or an Excel workbook (.xlsx) with one organisation per row. The first "
            "row holds the column names; only “navn” (name) is required."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, municipalities: QuerySet[Municipality], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = municipalities
        choices = list(municipalities)
        if len(choices) == 1:
            field.widget = forms.HiddenInput()
            field.initial = choices[0].pk
        self.single_municipality = choices[0] if len(choices) == 1 else None

    def clean_file(self) -> Table:
        return read_spreadsheet(self.cleaned_data["file"])


# -- selectors ------------------------------------------------------------------------------------


def import_municipalities_for(user: User | AnonymousUser) -> QuerySet[Municipality]:
    """The municipalities the user may import into: where they are a coordinator."""
    return Municipality.objects.filter(pk__in=user_roles(user).coordinator_of).order_by("name")


def import_batches_visible_to(user: User | AnonymousUser) -> QuerySet[ImportBatch]:
    """A batch exists only for the coordinators of its municipality (others get 404)."""
    return ImportBatch.objects.filter(
        municipality__in=user_roles(user).coordinator_of
    ).select_related("municipality")


def access_import_batch(user: User | AnonymousUser, pk: int) -> ImportBatch:
    """The access function (core.access): one of the batches of the user's municipality."""
    from core.access import get_or_404

    return get_or_404(import_batches_visible_to(user), pk=pk)


# -- 3. services ----------------------------------------------------------------------------------


def _check_may_import(by: User, municipality: Municipality) -> None:
    if not by.has_perm("organizations.import_organizations") or (
        municipality.pk not in user_roles(by).coordinator_of
    ):
        raise PermissionDenied


@transaction.atomic
def import_batch_create(*, municipality: Municipality, by: User, table: Table) -> ImportBatch:
    """Store the classified rows as a preview. Nothing is imported yet."""
    _check_may_import(by, municipality)
    rows = rows_classify(table=table, municipality=municipality)
    return ImportBatch.objects.create(
        municipality=municipality,
        uploaded_by=by,
        filename=table.filename[:200],
        rows=rows,
        status=ImportBatch.Status.PREVIEW,
        total=batch_counts(rows)[NEW],
    )


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, by: User, invite: bool) -> ImportBatch:
    """Queue the import of the batch's new rows; the task starts after this commits."""
    from organizations.tasks import import_organizations

    _check_may_import(by, batch.municipality)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("This import has already been started."))
    if not batch.total:
        raise ValidationError(_("There is nothing new to import in this file."))
    batch.status = ImportBatch.Status.QUEUED
    batch.save(update_fields=["status"])
    import_organizations.delay_on_commit(batch.pk, by.pk, invite)
    return batch


@transaction.atomic
def import_batch_cancel(*, batch: ImportBatch, by: User) -> None:
    """Throw a preview away. A batch that has started cannot be cancelled."""
    _check_may_import(by, batch.municipality)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("This import has already been started and cannot be cancelled."))
    batch.delete()


class _RowFailed(Exception):
    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


def import_batch_run(*, batch_id: int, by_id: int | None, invite: bool) -> ImportBatch | None:
    """Import the new rows of a queued batch, all or nothing. Safe to run twice, or in two
    workers at once: the batch row is locked (others skip it) and its status is set to done in
    the same transaction as the organisations are created, so a second run finds nothing to do.
    A worker that dies mid-way rolls everything back and leaves the batch queued for a retry.
    Invitation e-mails are outbox rows (`notifications`), sent once, at once after the commit.
    """
    by = _user(by_id)
    # Messages and the history's change reason in the language of the coordinator who confirmed.
    with translation.override(language_for(by)):
        return _run(batch_id, by=by, invite=invite)


def _run(batch_id: int, *, by: User | None, invite: bool) -> ImportBatch | None:
    processed = 0
    try:
        with transaction.atomic():
            batch = (
                ImportBatch.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("municipality")
                .filter(pk=batch_id, status=ImportBatch.Status.QUEUED)
                .first()
            )
            if batch is None:  # done, failed, or being imported by another worker right now
                return None
            category_ids = dict(CategoryTerm.objects.values_list("code", "pk"))  # seeded
            new_rows = [row for row in batch.rows if row["status"] == NEW]
            step = max(1, len(new_rows) // 50)
            _progress_write(batch_id, 0, len(new_rows))
            for row in new_rows:
                _import_row(batch, row, by=by, invite=invite, category_ids=category_ids)
                processed += 1
                if processed % step == 0 or processed == len(new_rows):
                    _progress_write(batch_id, processed, len(new_rows))
            batch.status = ImportBatch.Status.DONE
            batch.total = len(new_rows)
            batch.processed = batch.created_count = processed
            batch.finished_at = timezone.now()
            batch.save(
                update_fields=["status", "total", "processed", "created_count", "finished_at"]
            )
    except _RowFailed as failure:
        cache.delete(progress_key(batch_id))
        return _fail(
            batch_id,
            _(
                "Nothing was imported: row %(row)d could not be saved, probably because the same "
                "organisation was registered after the preview. Upload the file again for a "
                "fresh preview."
            )
            % {"row": failure.row},
        )
    except Exception:
        logger.exception("Import batch %s failed", batch_id)
        cache.delete(progress_key(batch_id))
        return _fail(
            batch_id,
            _("Nothing was imported: the import stopped because of an error. Try again later."),
        )
    cache.delete(progress_key(batch_id))  # the database has the final numbers now
    return batch


def _user(user_id: int | None) -> User | None:
    from accounts.models import User

    return User.objects.filter(pk=user_id).first() if user_id else None


def _import_row(
    batch: ImportBatch,
    row: dict[str, Any],
    *,
    by: User | None,
    invite: bool,
    category_ids: dict[str, int],
) -> Organization:
    clean = dict(row["clean"])
    codes = clean.pop("categories")
    organization = Organization(
        **clean, status=Organization.Status.PENDING, imported=True, created_by=by
    )
    organization._change_reason = _("Imported from %(file)s") % {"file": batch.filename}
    organization._history_user = by
    try:
        organization.save()
        organization.municipalities.add(batch.municipality)
        organization.categories.set([category_ids[code] for code in codes])
    except DatabaseError as error:  # the transaction is broken: give up on the whole batch
        raise _RowFailed(row["row"]) from error
    organization_refresh_search(organization=organization)
    if invite and organization.email:
        # `invitation_create` checks `manage_members`, which a coordinator does not hold for an
        # organisation nobody has claimed yet: the import itself is the authorisation here.
        invitation = invitation_create(
            organization=organization, by=None, email=organization.email, role=Membership.Role.ADMIN
        )
        if by is not None:
            Invitation.objects.filter(pk=invitation.pk).update(invited_by=by)
    return organization


def _fail(batch_id: int, message: str) -> ImportBatch | None:
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, status=ImportBatch.Status.QUEUED)
            .first()
        )
        if batch is None:
            return None
        batch.status = ImportBatch.Status.FAILED
        batch.error = message[:300]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        return batch


# -- progress, visible to other processes while the import's transaction is open -----------------


def progress_key(batch_id: int) -> str:
    return f"organizations:import-progress:{batch_id}"


def _progress_write(batch_id: int, processed: int, total: int) -> None:
    cache.set(progress_key(batch_id), {"processed": processed, "total": total}, timeout=60 * 60)


@dataclass(frozen=True)
class ImportProgress:
    status: str
    processed: int
    total: int
    created: int
    error: str

    @property
    def finished(self) -> bool:
        return self.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED)


def import_progress(batch: ImportBatch) -> ImportProgress:
    """The batch's state: from the database once finished, from the cache while running."""
    status, processed, total = batch.status, batch.processed, batch.total
    if status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
        running = cache.get(progress_key(batch.pk))
        if running:
            status = ImportBatch.Status.RUNNING
            processed, total = running["processed"], running["total"]
    return ImportProgress(
        status=status,
        processed=processed,
        total=total,
        created=batch.created_count,
        error=batch.error,
    )
