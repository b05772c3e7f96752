"""LongSelect writes the same <select> as Django's Select, only faster."""

import re

from django import forms

from accounts.widgets import LongSelect

CHOICES = [("", "All"), ("1", "Røde Kors"), ("2", "<b>A & B</b>"), ("3", 'Kari\'s "lag"')]


class Both(forms.Form):
    slow = forms.ChoiceField(choices=CHOICES)
    fast = forms.ChoiceField(choices=CHOICES, widget=LongSelect)


def _parts(html: str) -> tuple[set[str], str]:
    """The <select>'s attributes (as a set: order does not matter) and its options."""
    html = re.sub(r">\s+<", "><", html.strip())
    opening, options = re.match(r"<select ([^>]*)>(.*)</select>", html, re.S).groups()
    attributes = set(re.findall(r'[\w-]+(?:="[^"]*")?', opening))
    return attributes, options


def test_long_select_renders_what_django_renders_with_the_choice_selected_and_labels_escaped():
    form = Both(data={"slow": "2", "fast": "2"})
    slow_attributes, slow_options = _parts(str(form["slow"]))
    fast_attributes, fast_options = _parts(str(form["fast"]))
    assert '<option value="2" selected>&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in fast_options
    assert "<b>" not in fast_options
    assert fast_options == slow_options
    assert {a.replace("fast", "slow") for a in fast_attributes} == slow_attributes


def test_long_select_keeps_the_attributes_crispy_and_aria_add():
    html = LongSelect().render("org", "1", attrs={"class": "ds-input", "aria-describedby": "h"})
    attributes, _options = _parts(html)
    assert attributes == {'name="org"', 'class="ds-input"', 'aria-describedby="h"'}


def test_long_select_matches_django_for_models_groups_and_several_values():
    from django.contrib.auth.models import Group

    grouped = [("", "---"), ("Nord", [("1", "Bodø"), ("2", "Tromsø")]), ("3", "Oslo")]

    class Grouped(forms.Form):
        slow = forms.ChoiceField(choices=grouped)
        fast = forms.ChoiceField(choices=grouped, widget=LongSelect)

    form = Grouped(data={"slow": "2", "fast": "2"})
    assert _parts(str(form["fast"]))[1] == _parts(str(form["slow"]))[1]
    assert '<optgroup label="Nord">' in str(form["fast"])

    class Models(forms.Form):
        slow = forms.ModelChoiceField(queryset=Group.objects.none(), required=False)
        fast = forms.ModelChoiceField(
            queryset=Group.objects.none(), required=False, widget=LongSelect
        )

    models = Models()
    assert _parts(str(models["fast"]))[1] == _parts(str(models["slow"]))[1]

    class LongSelectMultiple(LongSelect):
        allow_multiple_selected = True

    class Several(forms.Form):
        slow = forms.MultipleChoiceField(choices=CHOICES)
        fast = forms.MultipleChoiceField(choices=CHOICES, widget=LongSelectMultiple)

    several = Several(data={"slow": ["1", "2"], "fast": ["1", "2"]})
    _slow_attributes, slow_options = _parts(str(several["slow"]))
    fast_attributes, fast_options = _parts(str(several["fast"]))
    assert fast_options == slow_options
    assert fast_options.count(" selected") == 2
    assert "multiple" in fast_attributes
