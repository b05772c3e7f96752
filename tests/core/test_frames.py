"""The shared frames of core/templatetags/frames.py as a visitor meets them."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
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


def test_a_table_frame_keeps_its_rows_as_rows_and_says_when_there_are_none():
    template = Template(
        "{% load frames %}"
        '{% table "people" rows=rows caption="People" caption_class="ds-sr-only" empty="Nobody" %}'
        '{% column_heads "Name" unnamed="Actions" %}'
        "<tbody>{% for row in rows %}<tr><td>{{ row }}</td></tr>{% endfor %}</tbody>"
        "{% endtable %}"
    )
    html = template.render(Context({"rows": ["Ada"]}))
    assert 'role="region" aria-labelledby="people-caption"' in html
    assert '<caption id="people-caption" class="ds-sr-only">People</caption>' in html
    assert '<table class="ds-table">' in html  # not turned into cards on a phone
    assert "<td>Ada</td>" in html
    assert (
        '<thead><tr><th scope="col">Name</th>'
        '<th scope="col"><span class="ds-sr-only">Actions</span></th></tr></thead>'
    ) in html
    assert "<p>Nobody</p>" in template.render(Context({"rows": []}))


def test_a_post_form_frame_carries_the_token_its_button_and_the_way_back():
    template = Template(
        "{% load frames %}"
        '{% post_form submit="Delete" cancel="/back/" color="danger" %}'
        "<p>Sure?</p>{% endpost_form %}"
    )
    html = template.render(Context({"csrf_token": "the-token"}))
    assert '<form method="post" novalidate>' in html
    assert 'name="csrfmiddlewaretoken" value="the-token"' in html
    assert "<p>Sure?</p>" in html
    assert (
        '<button type="submit" class="ds-button" data-variant="primary" data-color="danger">'
        "Delete</button>" in html
    )
    assert '<a class="ds-button" data-variant="tertiary" href="/back/">' in html
    with pytest.raises(TemplateSyntaxError, match="Unknown option"):
        Template(
            '{% load frames %}{% post_form submit="x" colour="red" %}{% endpost_form %}'
        ).render(Context({}))


def test_a_page_framed_as_titled_has_its_title_as_its_heading(client):
    html = client.get("/this-page-does-not-exist/").content.decode()
    assert "<title>Fant ikke siden – Brobygger</title>" in html
    assert "<h1>Fant ikke siden</h1>" in html
