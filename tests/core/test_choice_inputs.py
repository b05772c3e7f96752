"""The template pack writes radio buttons and checkboxes in Python (`choice_inputs`): the HTML is
the one its template loop wrote, character for character, and the cost no longer grows with a
template node per option and attribute (issue #24)."""

from unittest import mock

from django import forms
from django.template import Context, Template
from django.template.base import VariableNode
from django.utils.safestring import mark_safe

# The loop the pack's field.html had before `choice_inputs` (commit 529a4b0).
TEMPLATE_LOOP = Template(
    """{% load crispy_forms_filters l10n %}{% for group, options, index in field|optgroups %}
      {% if group %}<p class="ds-label" data-weight="regular">{{ group }}</p>{% endif %}
      {% for option in options %}
        <div class="ds-field">
          <input type="{{ option.type }}" class="ds-input" name="{{ field.html_name }}" value="{{ option.value|unlocalize }}"{% for name, value in option.attrs.items %}{% if value is not False and name != "class" %} {{ name }}{% if value is not True %}="{{ value|stringformat:'s' }}"{% endif %}{% endif %}{% endfor %}{% if field.errors %} aria-invalid="true"{% endif %}>
          <label class="ds-label" data-weight="regular" for="{{ option.attrs.id }}">{{ option.label|unlocalize }}</label>
        </div>
      {% endfor %}
    {% endfor %}"""  # noqa: E501
)
PYTHON = Template("{% load choice_inputs %}{{ field|choice_inputs }}")

GROUPED = [("Nord", [(1, "Bodø"), (2, "Tromsø")]), ("Sør", [(3, "Kristiansand")])]


class Choices(forms.Form):
    several = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "x", "data-note": mark_safe("a&amp;b")}
        ),
        choices=[(1, "Røde Kors"), (2, "<b>A & B</b>"), (3, '"Quoted"')],
        help_text="Choose some.",
    )
    one = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "Yes"), ("b", "No")])
    grouped = forms.TypedChoiceField(
        widget=forms.RadioSelect(attrs={"disabled": True, "data-empty": False}),
        choices=GROUPED,
        coerce=int,
        required=False,
    )
    numbers = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[(1000, "Thousand"), (1.5, "One and a half")]
    )


def _both(form: forms.Form, name: str) -> tuple[str, str]:
    context = {"field": form[name]}
    return TEMPLATE_LOOP.render(Context(context)), PYTHON.render(Context(context))


def test_the_options_are_written_as_the_template_loop_wrote_them():
    for form in (
        Choices(),
        Choices(data={"several": ["2"], "one": "b", "numbers": ["1000"]}),
        Choices(data={}),  # errors: aria-invalid on every option
        Choices(initial={"several": [1, 3], "grouped": 2}, auto_id="form-%s"),
    ):
        for name in form.fields:
            before, now = _both(form, name)
            assert now == before, name
    rendered = _both(Choices(data={}), "several")[1]
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in rendered
    assert 'data-note="a&amp;b"' in rendered
    assert rendered.count("<input ") == 3
    assert 'aria-invalid="true"' in rendered
    assert '<p class="ds-label" data-weight="regular">Sør</p>' in _both(Choices(), "grouped")[1]


def test_a_long_list_of_options_renders_no_template_node_per_option():
    real = VariableNode.render
    rendered = []

    def counted(node, context):
        rendered.append(node)
        return real(node, context)

    def nodes_for(count: int) -> int:
        class Long(forms.Form):
            many = forms.MultipleChoiceField(
                widget=forms.CheckboxSelectMultiple,
                choices=[(n, f"Organisation {n}") for n in range(count)],
            )

        rendered.clear()
        with mock.patch.object(VariableNode, "render", counted):
            html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
                Context({"form": Long()})
            )
        assert html.count('type="checkbox"') == count
        return len(rendered)

    assert nodes_for(3) == nodes_for(60)
