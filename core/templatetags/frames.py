"""Frames that many pages share, written once.

`{% paged_table %}`: a list of rows in pages — the sideways-scrolling region named by the table's
caption (reachable by keyboard), the table, the page links under it; or, when there are no
rows, one sentence saying so. The page writes only its own columns and rows:

    {% load frames %}
    {% blocktranslate asvar caption count counter=page_obj.paginator.count %}…
    {% endblocktranslate %}
    {% translate "No agreements match." as empty %}
    {% paged_table "agreements" rows=page_obj.object_list caption=caption empty=empty %}
      <thead>…</thead>
      <tbody>{% for agreement in page_obj.object_list %}…{% endfor %}</tbody>
    {% endpaged_table %}

The first argument names the caption's id (`agreements-caption`); `caption_class` is for a
caption that only screen readers need (`ds-sr-only`).
"""

from html import escape
from html.parser import HTMLParser

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_block_tag(takes_context=True)
def paged_table(context, content, table_id, *, rows, caption, empty, caption_class=""):
    frame = context.template.engine.get_template("components/paged_table.html")
    values = {
        "table_id": table_id,
        "rows": rows,
        "caption": caption,
        "caption_class": caption_class,
        "empty": empty,
        "table": mark_safe(label_cells(str(content))),  # noqa: S308 (our own rendered markup)
    }
    with context.push(**values):
        return frame.render(context)


def label_cells(table: str) -> str:
    """`table` (thead and tbody rows) with each body cell carrying its column's heading as
    `data-label`, so that on a phone the rows can be shown as stacked cards, each value under its
    name (static/css/site.css, `.stacked-table`), instead of a table wider than the screen."""
    finder = _CellFinder()
    finder.feed(table)
    finder.close()
    line_starts = [0]
    for line in table.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    out, last = [], 0
    for (line, column), tag_length, label in finder.cells:
        at = line_starts[line - 1] + column + tag_length
        out += [table[last:at], f' data-label="{escape(label)}"']
        last = at
    out.append(table[last:])
    return "".join(out)


class _CellFinder(HTMLParser):
    """The headings of the table's last header row, and where each body cell's tag starts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.headings: list[str] = []
        self.heading: list[str] | None = None
        self.column = 0
        self.cells: list[tuple[tuple[int, int], int, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        colspan = attributes.get("colspan") or "1"
        span = int(colspan) if colspan.isdigit() else 1
        if tag in {"thead", "tbody", "tfoot"}:
            self.section = tag
        elif tag == "tr":
            self.column = 0
            if self.section == "thead":
                self.headings = []
        elif tag in {"th", "td"} and self.section == "thead":
            self.heading = []
            self._span = span
        elif tag in {"th", "td"} and self.section == "tbody":
            label = self.headings[self.column] if self.column < len(self.headings) else ""
            if label and span == 1 and "data-label" not in attributes:
                self.cells.append((self.getpos(), len(tag) + 1, label))
            self.column += span

    def handle_endtag(self, tag):
        if tag in {"th", "td"} and self.heading is not None:
            text = " ".join("".join(self.heading).split())
            self.headings += [text] * self._span
            self.heading = None
        elif tag in {"thead", "tbody", "tfoot"}:
            self.section = ""

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)


@register.filter
def active_filters(form, leave_out: str = "") -> int:
    """How many of a filter form's fields are in use (a value chosen, a box ticked), for the
    "Filters (n)" disclosure; `leave_out` names fields that are not filters ("q sort")."""
    if not form.is_bound:
        return 0
    skipped = set(leave_out.split())
    return sum(
        1
        for name in form.fields
        if name not in skipped and any(str(value).strip() for value in _values(form.data, name))
    )


def _values(data, name: str) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    return value if isinstance(value, list | tuple) else [] if value is None else [value]
