"""The mapping import for coordinators: upload, preview, confirm, follow the progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView
from rules.contrib.views import PermissionRequiredMixin

from organizations.choices import Category
from organizations.importing import (
    COLUMN_LABELS,
    ERROR,
    EXISTING,
    NEW,
    ImportUploadForm,
    access_import_batch,
    batch_counts,
    import_batch_cancel,
    import_batch_confirm,
    import_batch_create,
    import_batches_visible_to,
    import_municipalities_for,
    import_progress,
)
from organizations.models import ImportBatch

PERMISSION = "organizations.import_organizations"
PREVIEW_ROWS_PER_PAGE = 100


class ImportPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Coordinators only (403 for others); a batch of another municipality is a 404."""

    permission_required = PERMISSION

    def get_permission_object(self):
        return None  # the rule is about the user; the selector scopes the batches

    def get_queryset(self):
        return import_batches_visible_to(self.request.user)


class ImportUploadView(ImportPermissionMixin, FormView):
    form_class = ImportUploadForm
    template_name = "organizations/import_upload.html"

    def get_form_kwargs(self):
        municipalities = import_municipalities_for(self.request.user)
        return {**super().get_form_kwargs(), "municipalities": municipalities}

    def get_context_data(self, **kwargs):
        labels = ", ".join(str(label) for label in Category.labels)
        return super().get_context_data(category_labels=labels, **kwargs)

    def form_valid(self, form):
        table = form.cleaned_data["file"]
        batch = import_batch_create(
            municipality=form.cleaned_data["municipality"], by=self.request.user, table=table
        )
        if table.ignored:
            messages.warning(
                self.request,
                _("These columns were not recognised and are left out: %(columns)s.")
                % {"columns": ", ".join(f"“{c}”" for c in table.ignored)},
            )
        return redirect("registry_import:preview", pk=batch.pk)


class ImportPreviewView(ImportPermissionMixin, DetailView):
    template_name = "organizations/import_preview.html"
    context_object_name = "batch"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status != ImportBatch.Status.PREVIEW:
            return redirect("registry_import:progress", pk=self.object.pk)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.object.rows
        show = self.request.GET.get("show", "")
        show = show if show in (NEW, EXISTING, ERROR) else ""
        shown = [row for row in rows if row["status"] == show] if show else rows
        page = Paginator(shown, PREVIEW_ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        present = {name for row in rows[:1] for name in row["values"]}
        columns = [(name, label) for name, label in COLUMN_LABELS.items() if name in present]
        context.update(
            counts=batch_counts(rows),
            invitable=sum(1 for row in rows if row["status"] == NEW and row["clean"]["email"]),
            show=show,
            page_obj=page,
            columns=columns,
            table_rows=[_preview_row(row, columns) for row in page],
        )
        return context


def _preview_row(row: dict, columns: list) -> dict:
    """A row with its cells in column order: (value as typed, error or "")."""
    cells = [(row["values"].get(name, ""), row["errors"].get(name, "")) for name, _label in columns]
    return {**row, "cells": cells}


@require_POST
@login_required
@permission_required(PERMISSION, raise_exception=True)
def confirm(request, pk: int):  # registry_import:confirm
    batch = access_import_batch(request.user, pk)
    try:
        import_batch_confirm(batch=batch, by=request.user, invite=bool(request.POST.get("invite")))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("registry_import:progress", pk=batch.pk)


@require_POST
@login_required
@permission_required(PERMISSION, raise_exception=True)
def cancel(request, pk: int):  # registry_import:cancel
    batch = access_import_batch(request.user, pk)
    try:
        import_batch_cancel(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("registry_import:progress", pk=batch.pk)
    messages.success(request, _("The import was cancelled. Nothing was added."))
    return redirect("registry_import:upload")


@method_decorator(never_cache, name="dispatch")
class ImportProgressView(ImportPermissionMixin, DetailView):
    """A page that works without JavaScript (refresh link); htmx polls its `progress` partial."""

    template_name = "organizations/import_progress.html"
    context_object_name = "batch"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status == ImportBatch.Status.PREVIEW:
            return redirect("registry_import:preview", pk=self.object.pk)
        response = self.render_to_response(self.get_context_data(object=self.object))
        patch_vary_headers(response, ("HX-Request",))
        return response

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#progress"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(progress=import_progress(self.object), **kwargs)
