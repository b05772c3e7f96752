"""The period report as rows: the same figures on the page, in CSV and in XLSX.

No personal data: counts, organisation names, dates and statuses, and the good stories published
in the period (R72; a story names no refugee). Decline reasons (free text)
are left out on purpose. Text that a spreadsheet would run as a formula is kept as text, as in
the registry export (`organizations.exports`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from organizations.exports import CONTENT_TYPES

if TYPE_CHECKING:
    from dashboard.selectors import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | None


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[tuple[str, Value]]


def key_figures(report: Report) -> list[Section]:
    o, a, m, r = report.organizations, report.agreements, report.meetings, report.referrals
    return [
        Section(
            _("Organisations"),
            [
                (_("Registered in the period"), o["registered"]),
                (_("Verified in the period"), o["verified_in_period"]),
                (_("Verified now"), o["verified_now"]),
                (_("Awaiting verification now"), o["pending_now"]),
            ],
        ),
        Section(
            _("Organisations by category (now)"),
            [(str(term.label), term.organization_count) for term in report.categories],
        ),
        Section(
            _("Cooperation agreements"),
            [
                (_("In force during the period"), a["in_force"]),
                (_("Starting in the period"), a["started"]),
                (_("Ending in the period"), a["ended"]),
                (_("Active now"), a["active_now"]),
            ],
        ),
        Section(
            _("Meetings"),
            [
                (_("Meetings held"), m["held"]),
                (_("Meetings cancelled"), m["cancelled"]),
                (_("Invitations to meetings held"), m["invitations"]),
                (_("Invitations answered yes"), m["answered_yes"]),
                (_("Invitees who attended"), m["attended"]),
            ],
        ),
        Section(
            _("Referrals"),
            [
                (_("Submitted in the period"), r["submitted"]),
                (_("of these still open"), r["submitted_open"]),
                (_("of these with contact made"), r["submitted_contact_made"]),
                (_("of these declined"), r["submitted_declined"]),
                (_("of these ended otherwise"), r["submitted_other"]),
                (_("Accepted in the period"), r["accepted"]),
                (_("Declined in the period"), r["declined"]),
                (_("Contact made in the period"), r["contact_made"]),
                (_("Median days from submission to contact"), r["median_days"]),
                (_("90th percentile of days from submission to contact"), r["p90_days"]),
            ],
        ),
        Section(
            _("Volunteer offers presented by caseworkers"),
            [
                (_("Offers presented in the period"), r["offered"]),
                (_("of these accepted"), r["offer_accepted"]),
                (_("of these “not now”"), r["offer_not_now"]),
                (_("of these declined"), r["offer_declined"]),
            ],
        ),
    ]


def organization_header() -> list[str]:
    return [
        _("Organisation"),
        _("Status"),
        _("Referrals received"),
        _("of these with contact made"),
        _("of these declined"),
        _("Meetings attended"),
    ]


def organization_rows(report: Report) -> list[list[Value]]:
    return [
        [
            organization.name,
            str(organization.get_status_display()),
            organization.referrals_received,
            organization.referrals_contact_made,
            organization.referrals_declined,
            organization.meetings_attended,
        ]
        for organization in report.by_organization
    ]


def organization_rows_html(rows: list[list[Value]]) -> SafeString:
    """The <tr>s of the page's table by organisation, written here: a large municipality has
    some 1,600 organisations, and the template's loop over their cells took most of the page's
    time (issue #24). The same HTML as the template wrote: each value localised and escaped as
    `{{ value }}` does it, once per distinct value (most figures are small numbers)."""
    written: dict = {}

    def text(value) -> str:
        if value not in written:
            written[value] = conditional_escape(localize(value))
        return written[value]

    lines = []
    for name, status, *figures in rows:
        numbers = "".join(f'<td class="u-text-end">{text(value)}</td>' for value in figures)
        lines.append(
            f'<tr><th scope="row">{conditional_escape(localize(name))}</th>'
            f"<td>{text(status)}</td>{numbers}</tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value is escaped above


def story_header() -> list[str]:
    return [_("Title"), _("Organisation"), _("Published"), _("The story")]


def story_rows(report: Report) -> list[list[Value]]:
    """The good stories published in the period (R72): a story names no refugee."""
    return [
        [
            story.title,
            story.organization.name,
            timezone.localdate(story.decided_at).isoformat(),
            story.text,
        ]
        for story in report.stories
    ]


def _title(report: Report) -> list[list[Value]]:
    return [
        [_("Key figures for %(municipality)s") % {"municipality": report.municipality.name}],
        [_("Period"), report.period.first.isoformat(), report.period.last.isoformat()],
    ]


def _safe(value: Value) -> Value:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def filename(report: Report, fmt: str) -> str:
    return (
        f"brobygger-{report.municipality.slug}-{report.period.first:%Y%m%d}-"
        f"{report.period.last:%Y%m%d}.{fmt}"
    )


def _response(content: bytes, report: Report, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    add_never_cache_headers(response)
    return response


def as_csv(report: Report) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _title(report):
        writer.writerow([_safe(v) for v in row])
    writer.writerow([])
    writer.writerow([_("Section"), _("Figure"), _("Value")])
    for section in key_figures(report):
        for label, value in section.rows:
            writer.writerow([_safe(section.heading), _safe(label), "" if value is None else value])
    writer.writerow([])
    writer.writerow(organization_header())
    for row in organization_rows(report):
        writer.writerow([_safe(v) for v in row])
    writer.writerow([])
    writer.writerow([_("Good stories")])
    writer.writerow(story_header())
    for row in story_rows(report):
        writer.writerow([_safe(v) for v in row])
    return _response(("\ufeff" + buffer.getvalue()).encode(), report, "csv")


def as_xlsx(report: Report) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Key figures")[:31]
    bold = Font(bold=True)
    for row in _title(report):
        sheet.append(row)
    sheet["A1"].font = bold
    sheet.append([])
    sheet.append([_("Section"), _("Figure"), _("Value")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for section in key_figures(report):
        for label, value in section.rows:
            sheet.append([section.heading, label, value])
    for column, width in (("A", 34), ("B", 52), ("C", 12)):
        sheet.column_dimensions[column].width = width

    organizations = workbook.create_sheet(_("Organisations")[:31])
    organizations.append(organization_header())
    for cell in organizations[1]:
        cell.font = bold
    for row in organization_rows(report):
        organizations.append(row)
        organizations.cell(row=organizations.max_row, column=1).data_type = "s"
    for index in range(1, len(organization_header()) + 1):
        organizations.column_dimensions[get_column_letter(index)].width = 20 if index > 1 else 40

    stories = workbook.create_sheet(_("Good stories")[:31])
    stories.append(story_header())
    for cell in stories[1]:
        cell.font = bold
    for row in story_rows(report):
        stories.append(row)
        for column in (1, 2, 4):
            stories.cell(row=stories.max_row, column=column).data_type = "s"
    for column, width in (("A", 40), ("B", 30), ("C", 12), ("D", 80)):
        stories.column_dimensions[column].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return _response(buffer.getvalue(), report, "xlsx")
