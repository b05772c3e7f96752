"""A long form in steps, on the server, without JavaScript (issue #23).

One Django form is shown a part at a time. The fields of the other steps travel along as hidden
inputs, so nothing is stored until the last step (the view then calls its service, which writes in
one transaction as before), Back keeps what was typed, and a reload or a second tab cannot mix two
registrations up. Each step checks only its own fields; the last one checks the whole form and
goes back to the first step with an error. A file field belongs on the last step (a browser
cannot carry a chosen file as a hidden input).

    steps = FormSteps(form, REGISTRATION_STEPS, request.POST)
    if request.method == "POST" and steps.advance(request.POST):
        ...  # the whole form is valid and the last step was sent: call the service
    render(..., {"form": form, "steps": steps})

The template shows `steps.current`'s fields, `components/form_steps.html` (the progress: "Step 2
of 4" and the list of steps with aria-current="step") and `components/form_steps_buttons.html`
(the hidden state, Next/Back or the final button). A POST without a step (a client that sends
the whole form at once) is checked as a whole, like the last step.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict

STEP = "step"
GO = "go"
BACK = "back"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[str, ...]


class FormSteps:
    def __init__(self, form: forms.BaseForm, steps: list[Step], data: Mapping | None = None):
        self.form = form
        self.steps = steps
        self.whole = bool(data) and STEP not in data
        try:
            index = int((data or {}).get(STEP, 0))
        except (TypeError, ValueError):
            index = 0
        self.index = min(max(index, 0), len(steps) - 1)

    # -- what the template shows ----------------------------------------------------------------

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == len(self.steps) - 1

    def items(self) -> list[tuple[int, Step, bool]]:
        return [(n, step, n == self.number) for n, step in enumerate(self.steps, start=1)]

    def shown_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in self.current.fields if name in self.form.fields]

    def carried_fields(self) -> list[forms.BoundField]:
        """The other steps' fields, to be written as hidden inputs."""
        shown = set(self.current.fields)
        return [
            self.form[name]
            for name in self.form.fields
            if name not in shown and not isinstance(self.form.fields[name], forms.FileField)
        ]

    # -- moving ---------------------------------------------------------------------------------

    def advance(self, data: Mapping) -> bool:
        """Handle a POST: True when the form is complete and valid (the caller saves it);
        otherwise the step to show next is set and the form shows only that step's errors."""
        if data.get(GO) == BACK:
            self.index = max(self.index - 1, 0)
            self._quiet()
            return False
        if self.whole or self.is_last:
            if self.form.is_valid():
                return True
            self.index = self._first_step_with_errors()
            self._keep_errors_of_current_step(non_field=True)
            return False
        self.form.full_clean()
        if any(name in self.form.errors for name in self.current.fields):
            self._keep_errors_of_current_step(non_field=False)
            return False
        self.index += 1
        self._quiet()
        return False

    def show_errors(self) -> None:
        """After the service refused the whole form (errors_to_form): the first step with one."""
        self.index = self._first_step_with_errors()
        self._keep_errors_of_current_step(non_field=True)

    def _first_step_with_errors(self) -> int:
        for index, step in enumerate(self.steps):
            if any(name in self.form.errors for name in step.fields):
                return index
        return len(self.steps) - 1  # an error about the whole form: shown where it is sent

    def _keep_errors_of_current_step(self, *, non_field: bool) -> None:
        errors = self.form.errors
        keep = set(self.current.fields)
        if non_field:
            keep.add(forms.forms.NON_FIELD_ERRORS)
        for name in list(errors):
            if name not in keep:
                del errors[name]

    def _quiet(self) -> None:
        """A step reached by Next or Back shows what was typed, with no error yet: the form keeps
        its data but is not checked (Django checks a form only while `_errors` is None)."""
        self.form._errors = ErrorDict()
        self.form.cleaned_data = {}
