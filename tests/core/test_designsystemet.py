"""The interface is built on Designsystemet, not Bootstrap (issue #23).

1. No template uses a Bootstrap class any more, so a template merged from an older branch is
   caught here with its file and line (the conversion table is docs/designsystemet.md).
2. Every form of the site renders through the Designsystemet crispy pack
   (core/templates/designsystemet/): the forms registry below is every Form and ModelForm
   subclass in the project's apps, each rendered empty and submitted empty. Each visible input
   has a label; radio and checkbox groups are fieldsets with a legend; a field's description and
   error are named by its aria-describedby, a field in error has aria-invalid; a failed form
   starts with an error summary whose links lead to the fields.
"""

import importlib
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.template import engines
from django.utils import translation

ROOT = Path(settings.BASE_DIR)

# Bootstrap's component, grid and utility classes (the ones this project used, and their kin).
BOOTSTRAP_CLASS = re.compile(
    r"^(btn(-[a-z-]+)?|form-(control|select|label|text|check|floating|range|switch)(-[a-z-]+)?"
    r"|col(-(sm|md|lg|xl|xxl))?(-(\d+|auto))?|row|row-cols-.*|container(-fluid)?"
    r"|card(-[a-z]+)?|alert(-[a-z]+)?|badge|text-bg-[a-z]+|table(-(sm|striped|bordered|hover"
    r"|responsive|primary|secondary|danger|warning|info|success|light|dark))?"
    r"|list-group(-[a-z]+)?|list-(unstyled|inline(-item)?)|nav(-(item|link|tabs|pills))?"
    r"|navbar(-[a-z]+)?|pagination|page-(item|link)|dropdown(-[a-z]+)?|modal(-[a-z]+)?"
    r"|input-group(-[a-z]+)?|invalid-feedback|is-(in)?valid|visually-hidden(-focusable)?"
    r"|d-(none|inline|inline-block|block|flex|inline-flex|grid)|(sm|md|lg|xl)-d-.*"
    r"|[mp][tbsexy]?-(\d|auto)|[mp][tbsexy]?-(sm|md|lg|xl)-\d|g[xy]?-\d|gap-\d"
    r"|fw-[a-z]+|fs-\d|h[1-6]|display-\d|lead|small|text-(muted|body-secondary|end|start|center"
    r"|nowrap|break|danger|success|warning|decoration-none)|align-(items|self|top|middle)-?.*"
    r"|justify-content-.*|flex-(wrap|column|row|grow-\d)|rounded(-[a-z0-9]+)?"
    r"|border(-(top|bottom|start|end|\d|primary|danger|secondary))?|bg-[a-z-]+|shadow(-[a-z]+)?"
    r"|w-\d+|h-\d+|me-auto|ms-auto|spinner-[a-z]+|accordion(-[a-z]+)?|progress-bar)$"
)
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def _templates():
    for path in sorted(ROOT.rglob("*.html")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "node_modules", "static", "htmlcov", "docs"}:
            continue
        if "templates" in relative.parts:
            yield relative


def test_no_template_uses_a_bootstrap_class():
    found = []
    for relative in _templates():
        text = (ROOT / relative).read_text()
        for match in CLASS_ATTRIBUTE.finditer(text):
            words = TEMPLATE_TAG.sub(" ", match.group(1)).split()
            line = text.count("\n", 0, match.start()) + 1
            found += [f"{relative}:{line}: {word}" for word in words if BOOTSTRAP_CLASS.match(word)]
        if "data-bs-" in text:
            found.append(f"{relative}: data-bs- attribute")
    assert not found, "Bootstrap classes (see docs/designsystemet.md):\n" + "\n".join(found)


def test_the_scan_sees_a_bootstrap_class():
    # The pattern is what the test above relies on: a few converted and unconverted words.
    for word in ["btn", "btn-outline-primary", "form-control", "col-md-6", "alert-danger", "mb-3"]:
        assert BOOTSTRAP_CLASS.match(word), word
    for word in ["ds-button", "ds-input", "l-md-6", "u-mb-3", "table-scroll", "site-nav-link"]:
        assert not BOOTSTRAP_CLASS.match(word), word


def test_the_pages_load_designsystemet_and_no_bootstrap():
    base = (ROOT / "templates/base.html").read_text()
    assert "vendor/designsystemet/designsystemet.css" in base
    assert "vendor/designsystemet/theme.css" in base
    assert "bootstrap" not in base.lower()
    assert not (ROOT / "static/vendor/bootstrap").exists()
    assert (ROOT / "static/vendor/designsystemet/LICENSE-designsystemet-css").exists()


# --- the forms registry ------------------------------------------------------------------------

PROJECT_APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app.replace(".", "/")).is_dir()]


def forms_registry() -> list[type[forms.BaseForm]]:
    """Every Form and ModelForm class defined in the project's apps (their forms modules)."""
    for app in [*PROJECT_APPS, "accounts.sso", "accounts.staff"]:
        if (ROOT / app.replace(".", "/") / "forms.py").exists():
            importlib.import_module(f"{app}.forms")
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            module = sub.__module__.split(".")[0]
            if module in PROJECT_APPS and not inspect.isabstract(sub):
                if not getattr(getattr(sub, "_meta", None), "model", True):
                    continue  # a ModelForm base without a model
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _empty_bound(cls):
    """The form submitted empty. A form whose constructor needs the request's user or the like is
    built without its own __init__ (its declared fields, which is what the pack draws)."""
    try:
        return cls(data={})
    except Exception:
        form = cls.__new__(cls)
        base = forms.BaseModelForm if issubclass(cls, forms.BaseModelForm) else forms.BaseForm
        base.__init__(form, data={})
        for field in form.fields.values():
            if getattr(field, "queryset", False) is None:
                field.queryset = get_user_model().objects.none()
        # Only the fields' own validation: the form's clean() and clean_<field>() may need what
        # __init__ was given.
        form._errors, form.cleaned_data = ErrorDict(), {}
        for name, bound_field in form._bound_items():
            try:
                form.cleaned_data[name] = bound_field.field.clean(bound_field.data)
            except ValidationError as error:
                form.add_error(name, error)
        return form


class _Tree(HTMLParser):
    VOID = {"input", "br", "img", "hr", "meta", "link", "area", "col", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.root = {"tag": "root", "attrs": {}, "children": [], "parent": None, "text": ""}
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = {
            "tag": tag,
            "attrs": dict(attrs),
            "children": [],
            "parent": self.current,
            "text": "",
        }
        self.current["children"].append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node["tag"] != tag:
            node = node["parent"]
        if node is not self.root:
            self.current = node["parent"]

    def handle_data(self, data):
        node = self.current
        while node is not None:
            node["text"] += data
            node = node["parent"]


def _walk(node):
    for child in node["children"]:
        yield child
        yield from _walk(child)


def _ancestor(node, tag):
    node = node["parent"]
    while node is not None and node["tag"] != tag:
        node = node["parent"]
    return node


def _check(html, form):
    tree = _Tree()
    tree.feed(html)
    nodes = list(_walk(tree.root))
    ids = {n["attrs"]["id"] for n in nodes if n["attrs"].get("id")}
    labels = {n["attrs"].get("for") for n in nodes if n["tag"] == "label"}
    problems = []
    for node in nodes:
        attrs = node["attrs"]
        if node["tag"] not in {"input", "select", "textarea"} or attrs.get("type") == "hidden":
            continue
        name = attrs.get("name")
        if attrs.get("id") not in labels:
            problems.append(f"{name}: no label for #{attrs.get('id')}")
        if "ds-input" not in (attrs.get("class") or ""):
            problems.append(f"{name}: not a ds-input")
        if attrs.get("type") in {"radio", "checkbox"} and name in form.fields:
            widget = form.fields[name].widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                fieldset = _ancestor(node, "fieldset")
                legend = fieldset and [c for c in fieldset["children"] if c["tag"] == "legend"]
                if not legend or not legend[0]["text"].strip():
                    problems.append(f"{name}: a group without a fieldset and legend")
        describer = node
        fieldset = _ancestor(node, "fieldset")
        if fieldset is not None and fieldset["attrs"].get("aria-describedby"):
            describer = fieldset
        for ref in (describer["attrs"].get("aria-describedby") or "").split():
            if ref not in ids:
                problems.append(f"{name}: aria-describedby names #{ref}, which is not there")
        field = form[name] if name in form.fields else None
        if field is not None and field.errors:
            error_id = f"{field.auto_id}_error"
            if error_id not in (describer["attrs"].get("aria-describedby") or "").split():
                problems.append(f"{name}: its error is not named by aria-describedby")
            if attrs.get("aria-invalid") != "true":
                problems.append(f"{name}: no aria-invalid")
        if field is not None and field.help_text and f"{field.auto_id}_helptext" not in ids:
            problems.append(f"{name}: its description has no id")
    if form.errors:
        summaries = [n for n in nodes if "ds-error-summary" in (n["attrs"].get("class") or "")]
        if not summaries or nodes.index(summaries[0]) > 1:
            problems.append("a failed form does not start with an error summary")
        else:
            links = [n for n in _walk(summaries[0]) if n["tag"] == "a"]
            failed = [
                name for name in form.errors if name != "__all__" and not form[name].is_hidden
            ]
            if len(links) < len(failed):
                problems.append("the error summary does not link to every field in error")
            for link in links:
                if link["attrs"]["href"].removeprefix("#") not in ids:
                    href = link["attrs"]["href"]
                    problems.append(f"the error summary links to {href}, not a field")
    return problems


REGISTRY = forms_registry()


def test_the_forms_registry_holds_the_sites_forms():
    names = {cls.__name__ for cls in REGISTRY}
    assert len(REGISTRY) > 40
    assert {"ConsentForm", "OrganizationForm", "MeetingForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", REGISTRY, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_renders_through_the_designsystemet_pack(form_class):
    template = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    with translation.override("en"):
        bound = _empty_bound(form_class)
        try:
            unbound = form_class()
        except Exception:
            unbound = None
        for form in [f for f in (unbound, bound) if f is not None]:
            html = template.render({"form": form})
            assert "form-control" not in html
            assert "form-select" not in html
            problems = _check(html, form)
            assert not problems, f"{form_class.__name__}:\n" + "\n".join(problems)
