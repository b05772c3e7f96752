"""The coordinator's registry as a spreadsheet: CSV (UTF-8 with a BOM, so that Excel reads æøå)
or XLSX.

Only what the registry holds about organisations: public contact details and the verification
facts. Contact persons and their phone numbers are not exported, and the registry holds no
personal data about refugees.

Text that a spreadsheet would run as a formula (it starts with =, +, -, @) is kept as text:
CSV cells get a leading apostrophe, XLSX cells are stored as strings.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.time import OSLO

if TYPE_CHECKING:
    from organizations.models import Organization

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9 .]*")  # a phone number such as +4791234567 is harmless

Value = str | date


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation
    value: Callable[[Organization], Value]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _postcode_and_town(organization: Organization) -> tuple[str, str]:
    """The postal address; the visiting address when there is none."""
    if organization.postal_code or organization.postal_city:
        return organization.postal_code, organization.postal_city
    return organization.visiting_postal_code, organization.visiting_city


def _status(organization: Organization) -> str:
    """In the coordinator's own municipalities (`registry_for` annotates it)."""
    from organizations.models import Organization

    code = getattr(organization, "local_status", organization.status)
    return str(Organization.Status(code).label)


def _orientation(organization: Organization) -> str:
    """Short, for a spreadsheet cell: the form's labels explain each choice at length."""
    from organizations.choices import Orientation

    return {
        Orientation.MEMBERS: _("Member-oriented"),
        Orientation.SOCIETY: _("Society-oriented"),
    }.get(organization.orientation, "")


def _verified_on(organization: Organization) -> date | str:
    if organization.verified_at is None:
        return ""
    return timezone.localtime(organization.verified_at, OSLO).date()


COLUMNS = (
    Column(gettext_lazy("Name"), lambda o: o.name),
    Column(gettext_lazy("Organisation number"), lambda o: o.org_number),
    Column(gettext_lazy("Status"), lambda o: _status(o)),
    Column(
        gettext_lazy("Categories"),
        lambda o: ", ".join(str(term.label) for term in o.categories.all()),
    ),
    Column(
        gettext_lazy("Municipalities"),
        lambda o: ", ".join(m.name for m in sorted(o.municipalities.all(), key=lambda m: m.name)),
    ),
    Column(gettext_lazy("E-mail"), lambda o: o.email),
    Column(gettext_lazy("Phone"), lambda o: o.phone),
    Column(gettext_lazy("Website"), lambda o: o.website),
    Column(gettext_lazy("Postcode"), lambda o: _postcode_and_town(o)[0]),
    Column(gettext_lazy("Town"), lambda o: _postcode_and_town(o)[1]),
    Column(
        gettext_lazy("In the Register of Non-Profit Organisations"),
        lambda o: _yes_no(o.in_voluntary_register),
    ),
    Column(
        gettext_lazy("Police certificates"),
        lambda o: str(o.get_police_certificates_display()),
    ),
    Column(gettext_lazy("Insured"), lambda o: _yes_no(o.volunteers_insured)),
    Column(gettext_lazy("Verified on"), _verified_on),
    # R02–R04: what kind of actor, whom it is for, and the umbrella of a local branch.
    Column(gettext_lazy("Kind of actor"), lambda o: str(o.get_kind_display())),
    Column(gettext_lazy("Member- or society-oriented"), _orientation),
    Column(gettext_lazy("Umbrella organisation"), lambda o: o.parent.name if o.parent else ""),
    Column(
        gettext_lazy("Umbrella's organisation number"),
        lambda o: o.parent.org_number if o.parent else "",
    ),
)


def registry_rows(organizations: Iterable[Organization]) -> list[list[Value]]:
    """The header and one row per organisation.

    Uses `categories` and `municipalities` (prefetch them) and `parent` (join it): `registry_for`
    does both.
    """
    rows: list[list[Value]] = [[str(column.header) for column in COLUMNS]]
    rows += [[column.value(organization) for column in COLUMNS] for organization in organizations]
    return rows


def _is_formula(value: str) -> bool:
    return value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value)


def _csv_value(value: Value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return f"'{value}" if _is_formula(value) else value


def registry_csv(organizations: Iterable[Organization]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in registry_rows(organizations):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def registry_xlsx(organizations: Iterable[Organization]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registry")[:31]
    widths = [0] * len(COLUMNS)
    for row_number, row in enumerate(registry_rows(organizations), start=1):
        for column_number, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif cell.data_type == "f":  # text that starts with "=": keep it text
                cell.data_type = "s"
            if row_number == 1:
                cell.font = Font(bold=True)
            length = 10 if isinstance(value, date) else len(value)
            widths[column_number - 1] = max(widths[column_number - 1], length)
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width, 8), 50) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def registry_response(
    organizations: Iterable[Organization], *, fmt: str, today: date
) -> HttpResponse:
    """The download: `fmt` is one of FORMATS."""
    content = registry_csv(organizations) if fmt == "csv" else registry_xlsx(organizations)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{slugify(_('Brobygger registry'))}-{today.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
