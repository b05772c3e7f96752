from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from announcements.filters import AudienceFilter, audience_from_cleaned_data
from announcements.forms import AnnouncementForm
from announcements.selectors import announcements_visible_to
from announcements.services import announcement_send


class AnnouncementListView(LoginRequiredMixin, ListView):
    """Past announcements: a coordinator's municipality's, and those sent to the user."""

    template_name = "announcements/announcement_list.html"
    context_object_name = "announcements"
    paginate_by = 25

    def get_queryset(self):
        return announcements_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.tenant.municipality
        context["send_for"] = (
            municipality
            if self.request.user.has_perm("announcements.send_announcement", municipality)
            else None
        )
        return context


class AnnouncementDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "announcements.view_announcement"
    template_name = "announcements/announcement_detail.html"
    context_object_name = "announcement"

    def get_queryset(self):
        return announcements_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sees_delivery"] = self.request.user.has_perm(
            "announcements.view_delivery", self.object
        )
        return context


class AnnouncementCreateView(LoginRequiredMixin, FormView):
    """Write and send in one step; the audience filters sit in the same form."""

    template_name = "announcements/announcement_form.html"
    form_class = AnnouncementForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.municipality = request.tenant.municipality  # the active one (accounts.tenancy)
            if self.municipality is None:
                raise Http404
            if not request.user.has_perm("announcements.send_announcement", self.municipality):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def get_audience(self) -> AudienceFilter:
        # A link may choose the audience (the coordinator's crisis list: its crisis contacts).
        data = self.request.POST if self.request.method == "POST" else (self.request.GET or None)
        return AudienceFilter(
            data=data,
            queryset=self.municipality.organizations.none(),
            municipality=self.municipality,
            prefix="audience",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipality"] = self.municipality
        context.setdefault("audience", self.get_audience())
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        audience = self.get_audience()
        form_ok = form.is_valid()  # both, so that every error shows at once
        if not (audience.is_valid() and form_ok):
            return self.render_to_response(self.get_context_data(form=form, audience=audience))
        try:
            announcement = announcement_send(
                municipality=self.municipality,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                meeting=form.cleaned_data["meeting"],
                link=form.cleaned_data["link"],
                audience=audience_from_cleaned_data(audience.form.cleaned_data),
                personal_data_confirmed=bool(form.personal_data),
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form, audience=audience))
        messages.success(
            request,
            ngettext(
                "The announcement is sent to %(count)d contact person.",
                "The announcement is sent to %(count)d contact persons.",
                announcement.recipient_count,
            )
            % {"count": announcement.recipient_count},
        )
        return redirect(announcement)
