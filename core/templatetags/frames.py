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

`{% table %}`: the same frame for any other table (the rows of a detail page): the rows stay rows
on a phone (`stacked=True` makes them cards, as in a paged list) and there are no page links
unless `paged=True`. `table_class` adds classes to the table (`matrix`), `size` its `data-size`;
without `rows` the table is always shown, without `empty` nothing is said when there are no rows.

`{% post_form submit=_("Send") cancel=organization.get_absolute_url %}…{% endpost_form %}`: the
frame of a page's one form (a form page, or a page that asks first, core.views.confirm_then):
the form that posts (`action`, `multipart=True` for a file), what the page puts in it, and its
buttons: `submit` (`color="danger"` for what removes or ends something) and, when `cancel` is an
address, a way back (`cancel_label`, "Cancel" unless told); `name` and `value` tell the view which
of a page's forms was sent; `labelledby` names the form by its heading's id. The server checks
what is sent; `novalidate=False` lets the browser check a `required` box first.

`{% filter_form filter.form "q status" label=_("Filter requests") %}`: a list page's filters
above its list, a column of `width` twelfths a field; `inline=True` puts the button on the row,
`submit` names it ("Filter" unless told).

`{% field_row form "opens_at closes_at" width=6 %}`: a form's fields side by side, each
`width` twelfths wide from the `at` breakpoint (`md`, or `sm`, `lg`) and stacked below it.

`{% title_text %}`: the page's title, for `frames/titled.html` (a page whose `h1` is its title
extends it and writes `{% block title %}` and `{% block page %}`).

`{% section "needs" _("What we need now") class="l-lg-6" %}…{% endsection %}`: a part of a page
named by its `h2` (`size`, "sm" unless told), the section labelled by it.

`{% item_list meetings empty=_("No meetings.") list_class="item-list" %}{% for … %}<li>…</li>
{% endfor %}{% enditem_list %}`: a list, or the sentence that there is nothing in it.

`{% column_heads _("Name") _("Phone") unnamed=_("Actions") %}`: a table's head row, one
`th scope="col"` a name.
"""

from html import escape
from html.parser import HTMLParser

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


TABLE_OPTIONS = {
    "rows": True,
    "empty": "",
    "caption_class": "",
    "table_class": "",
    "size": "",
    "stacked": False,
    "paged": False,
}
POST_FORM_OPTIONS = {
    "cancel": "",
    "cancel_label": "",
    "color": "",
    "action": "",
    "multipart": False,
    "form_class": "",
    "novalidate": True,
    "name": "",
    "value": "",
    "labelledby": "",
}


@register.simple_block_tag(takes_context=True)
def paged_table(context, content, table_id, *, rows, caption, empty, caption_class=""):
    return table(
        context,
        content,
        table_id,
        rows=rows,
        caption=caption,
        empty=empty,
        caption_class=caption_class,
        stacked=True,
        paged=True,
    )


@register.simple_block_tag(takes_context=True, name="table")
def table(context, content, table_id, *, caption, **options):
    values = _options(TABLE_OPTIONS, options)
    rendered = label_cells(str(content)) if values["stacked"] else str(content)
    table = mark_safe(rendered)  # noqa: S308 (our own rendered markup)
    return _frame(context, "paged_table", table_id=table_id, caption=caption, table=table, **values)


@register.simple_block_tag(takes_context=True)
def post_form(context, content, *, submit, **options):
    values = _options(POST_FORM_OPTIONS, options)
    return _frame(context, "post_form", fields=content, submit=submit, **values)


@register.simple_block_tag(takes_context=True)
def section(context, content, section_id, heading, **options):
    values = _options({"class": "", "size": "sm"}, options)
    return _frame(
        context,
        "section",
        content=content,
        section_id=section_id,
        heading=heading,
        section_class=values["class"],
        size=values["size"],
    )


@register.simple_block_tag(takes_context=True)
def item_list(context, content, rows, *, empty="", list_class=""):
    return _frame(
        context, "item_list", content=content, rows=rows, empty=empty, list_class=list_class
    )


@register.simple_tag(takes_context=True)
def filter_form(context, form, names, *, label, width=4, submit="", inline=False):
    fields = [form[name] for name in names.split()]
    return _frame(
        context,
        "filter_form",
        fields=fields,
        label=label,
        width=width,
        submit=submit,
        inline=inline,
    )


@register.simple_tag(takes_context=True)
def field_row(context, form, names, *, width, at="md"):
    fields = [form[name] for name in names.split()]
    return _frame(context, "field_row", fields=fields, width=width, at=at)


def _options(defaults: dict, given: dict) -> dict:
    unknown = given.keys() - defaults.keys()
    if unknown:
        raise template.TemplateSyntaxError(f"Unknown option(s): {', '.join(sorted(unknown))}")
    return defaults | given


def _frame(context, component: str, /, **values) -> str:
    """`components/<component>.html` rendered with the page's context and `values`."""
    frame = context.template.engine.get_template(f"components/{component}.html")
    with context.push(**values):
        return frame.render(context)


@register.simple_tag(takes_context=True)
def title_text(context):
    """What the page's `{% block title %}` says, for a heading that repeats it
    (templates/frames/titled.html)."""
    title = context.render_context[BLOCK_CONTEXT_KEY].get_block("title")
    return title.nodelist.render(context) if title else ""


@register.simple_tag
def column_heads(*names, unnamed=""):
    """`<thead>` with one row of column headings, each `scope="col"`; `unnamed` is a last column
    (of buttons or links) whose name only screen readers read."""
    cells = format_html_join("", '<th scope="col">{}</th>', ((name,) for name in names))
    if unnamed:
        cells += format_html('<th scope="col"><span class="ds-sr-only">{}</span></th>', unnamed)
    return format_html("<thead><tr>{}</tr></thead>", cells)


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
