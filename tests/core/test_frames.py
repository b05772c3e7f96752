"""The shared frames of core/templatetags/frames.py as a visitor meets them."""

import pytest
from django.template import Context, Template
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("", "Filtre (0)"),
        ("?q=leksehjelp&sort=name", "Filtre (0)"),  # the search and the order are not filters
        ("?q=leksehjelp&evening=on&free=on&sort=name", "Filtre (2)"),
    ],
)
def test_the_directory_counts_the_filters_in_use_on_its_disclosure(client, query, label):
    html = client.get(reverse("organizations:directory") + query).content.decode()
    assert label in html
    search = html.index('name="q"')
    assert search < html.index('<details class="directory-filters') < html.index('name="evening"')


def test_every_body_cell_of_a_paged_table_carries_its_column_name_for_the_phone_layout():
    template = Template(
        "{% load frames %}"
        '{% paged_table "people" rows=rows caption="People" empty="None" %}'
        "<thead><tr><th scope='col'>Name</th><th>Phone <span>number</span></th><th></th></tr>"
        "</thead>"
        "<tbody>{% for row in rows %}<tr><th scope='row'>{{ row }}</th><td>1 &amp; 2</td>"
        "<td><a href='#'>Open</a></td></tr>{% endfor %}"
        "<tr><td colspan='3'>Total</td></tr></tbody>"
        "{% endpaged_table %}"
    )
    html = template.render(Context({"rows": ["Ada & Bo"]}))
    assert "<th data-label=\"Name\" scope='row'>Ada &amp; Bo</th>" in html
    assert '<td data-label="Phone number">1 &amp; 2</td>' in html
    assert "<td><a href='#'>Open</a></td>" in html  # a column without a name: no label
    assert "<td colspan='3'>Total</td>" in html  # a cell across columns belongs to none
    assert 'class="ds-table stacked-table"' in html
