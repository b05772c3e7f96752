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
caption that only screen readers need (`visually-hidden`).
"""

from django import template

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
        "table": content,
    }
    with context.push(**values):
        return frame.render(context)
