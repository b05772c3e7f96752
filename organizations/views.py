from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import DeleteView, DetailView, FormView, TemplateView, View
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.page_cache import public_page
from accounts.selectors import access_municipality, own_municipality_ids
from core import signed_links
from core.signed_links import REFUSAL_STATUS
from core.steps import FormSteps
from core.translated_fields import reader_order
from core.views import confirm_then, errors_to_form, errors_to_messages
from organizations import brreg, confirm_links, cvr, profile_panels, selectors, services
from organizations.filters import ActivityFilter, DirectoryFilter, OffersAndNeedsFilter
from organizations.forms import (
    REGISTRATION_STEPS,
    ActivityForm,
    BranchDetachForm,
    InvitationForm,
    JoinRequestForm,
    MemberRolesForm,
    OrganizationForm,
    RejectForm,
    ScheduleFormSet,
)
from organizations.models import Organization
from organizations.public_cache import PublicContentCacheMixin
from organizations.validators import normalize_danish_cvr, normalize_norwegian_org_number


class OrganizationObjectMixin:
    """Loads `self.organization` (404 when the user cannot see it) before the permission check."""

    def dispatch(self, request, *args, **kwargs):
        self.organization = selectors.access_organization(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.organization

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)


# -- public directory ---------------------------------------------------------------------------


class DirectoryView(PublicContentCacheMixin, FilterView):
    filterset_class = DirectoryFilter
    paginate_by = 20
    template_name = "organizations/_directory_content.html"
    page_template_name = "organizations/directory.html"
    cache_name = "organizations"

    def get_queryset(self):
        return selectors.directory_organizations().order_by("name")


class ActivityDirectoryView(PublicContentCacheMixin, FilterView):
    filterset_class = ActivityFilter
    paginate_by = 20
    template_name = "organizations/_activity_directory_content.html"
    page_template_name = "organizations/activity_directory.html"
    cache_name = "activities"

    def get_queryset(self):
        return selectors.directory_activities().order_by(reader_order("title"), "pk")


@method_decorator(public_page("organization"), name="dispatch")
class OrganizationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "organizations.view_organization"
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        user = self.request.user
        return selectors.organization_profile(
            selectors.organizations_visible_to(user), with_members=user.is_authenticated
        )

    def get_object(self, queryset=None):
        # The permission check and the page share one object: the profile is loaded once.
        if not hasattr(self, "object"):
            self.object = super().get_object(queryset)
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **profile_panels.context_for(self.object),
            municipality_links=selectors.municipality_links(self.object),
            to_verify=selectors.verifications_for(self.object, self.request.user),
            branches=selectors.branches_of(self.object, self.request.user),
            can_detach_branches=self.request.user.has_perm(
                "organizations.detach_branch", self.object
            ),
            **kwargs,
        )


@method_decorator(public_page("activity"), name="dispatch")
class ActivityDetailView(DetailView):
    template_name = "organizations/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return selectors.activity_page(selectors.activities_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Similar activities nearby are the coordinator's overview (R12), not the organisations'.
        if self.request.user.has_perm("organizations.view_overlaps", self.object.municipality):
            context["similar"] = selectors.activities_similar_nearby(self.object)
        return context


@login_required
def overlaps(request, slug: str):  # organizations:overlaps
    """The coordinator's overlap view (R12): activities of the same kind, target group and
    weekday in the municipality, side by side."""
    municipality = access_municipality(request.user, slug, perm="organizations.view_overlaps")
    return render(
        request,
        "organizations/overlaps.html",
        {
            "municipality": municipality,
            "overlaps": selectors.activity_overlaps(municipality),
            # Put them in touch (R12): an announcement to just the organisations of one overlap.
            "can_write": request.user.has_perm("announcements.send_announcement", municipality),
        },
    )


@login_required
def stale(request, slug: str):  # organizations:stale
    """The coordinator's list of profiles nobody has confirmed for a year (issue #18)."""
    municipality = access_municipality(request.user, slug, perm="organizations.view_stale")
    organizations = selectors.stale_organizations_in(municipality, now=timezone.now())
    return render(
        request,
        "organizations/stale.html",
        {"municipality": municipality, "organizations": organizations},
    )


OFFERS_AND_NEEDS_PER_PAGE = 25


@login_required
def offers_and_needs(request, slug: str):  # organizations:offers_and_needs
    """What the municipality's organisations can offer each other and what they need (R08):
    searchable, filtered by offer and need, in pages."""
    municipality = selectors.access_offers_and_needs(request.user, slug)
    filterset = OffersAndNeedsFilter(
        request.GET or None, queryset=selectors.offers_and_needs_in(municipality)
    )
    page_obj = Paginator(filterset.qs, OFFERS_AND_NEEDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/offers_and_needs.html",
        {"municipality": municipality, "filter": filterset, "page_obj": page_obj},
    )


@require_POST
@login_required
def confirm(request, pk):  # organizations:confirm
    """The organisation's people say the profile is still correct."""
    organization = selectors.access_organization(request.user, pk)
    with errors_to_messages(request):
        services.organization_confirm(organization=organization, by=request.user)
        messages.success(request, _("Thank you. The profile is marked as still correct."))
    return redirect(organization)


# Why a "still correct?" link opens no page: status, heading, explanation.
CONFIRM_LINK_REFUSALS = {
    "tampered": (
        REFUSAL_STATUS["tampered"],
        _lazy("This link is not valid"),
        _lazy(
            "The link has been changed or cut short. Open it again from the e-mail, or sign in "
            "and confirm the profile on the organisation's page."
        ),
    ),
    "expired": (
        REFUSAL_STATUS["expired"],
        _lazy("This link is too old"),
        _lazy(
            "The link in the e-mail works for 30 days. Sign in and confirm the profile on the "
            "organisation's page instead."
        ),
    ),
    "not_admin": (
        403,
        _lazy("You can no longer confirm this profile"),
        _lazy("Only the organisation's admins can confirm its profile."),
    ),
}


def _confirm_link_refused(request, reason: str) -> HttpResponse:
    return signed_links.refused_response(request, CONFIRM_LINK_REFUSALS, reason)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_link(request, pk, person, signature):  # organizations:confirm_link — no sign-in
    """The yearly "is the profile still correct?" link (issue #18). Opening it shows the profile
    and a button; only the button (a POST) confirms, through `organization_confirm` as the admin
    the link was e-mailed to, exactly as if they had signed in."""
    try:
        organization, admin = signed_links.open_link(
            confirm_links.LINK, pk, person, signature, selectors.confirm_link_target
        )
    except signed_links.LinkRefused as refused:
        return _confirm_link_refused(request, refused.reason)
    if not admin.has_perm("organizations.change_organization", organization):
        return _confirm_link_refused(request, "not_admin")
    confirmed = False
    if request.method == "POST":
        services.organization_confirm(organization=organization, by=admin)
        confirmed = True
    response = render(
        request,
        "organizations/confirm_link.html",
        {"organization": organization, "confirmed": confirmed},
    )
    return signed_links.private(response)


# -- registration and profile -------------------------------------------------------------------


class OrganizationRegisterView(LoginRequiredMixin, FormView):
    """Register an organisation; the person becomes its admin. Offers a register look-up and
    points to a similar, already registered organisation instead of making a duplicate. The form
    comes in steps (REGISTRATION_STEPS, core/steps.py); nothing is saved before the last one."""

    form_class = OrganizationForm
    template_name = "organizations/organization_form.html"

    def get_initial(self):
        initial = super().get_initial()
        own = own_municipality_ids(self.request.user)
        if own:
            initial["municipalities"] = own
        return initial

    def post(self, request, *args, **kwargs):
        if "lookup" in request.POST:
            return self._lookup(request)
        form = self.get_form()
        steps = FormSteps(form, REGISTRATION_STEPS, request.POST)
        if steps.advance(request.POST):
            return self.form_valid(form, steps)
        return self.form_invalid(form, steps)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        if kwargs.get("steps") is None:  # a first visit or a look-up: the first step
            kwargs["steps"] = FormSteps(kwargs["form"], REGISTRATION_STEPS)
        return super().get_context_data(cvr_lookup=cvr.is_configured(), **kwargs)

    def _lookup(self, request):
        data = request.POST.copy()
        danish = data.get("number_scheme") == Organization.NumberScheme.DENMARK
        try:
            # The check digit first (mod 11 in both countries): a typo never reaches a register.
            if danish:
                entry = cvr.lookup(normalize_danish_cvr(data.get("org_number", "")))
            else:
                entry = brreg.lookup(normalize_norwegian_org_number(data.get("org_number", "")))
        except (ValidationError, brreg.RegisterError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            form = self.get_form_class()(initial=self._initial_from(data))
            form.lookup_error = message
            return self.render_to_response(self.get_context_data(form=form))
        data.update(
            {
                "org_number": entry.org_number,
                "name": entry.name or data.get("name", ""),
                "organization_form": entry.organization_form,
                "postal_address": entry.postal_address,
                "postal_code": entry.postal_code,
                "postal_city": entry.postal_city,
            }
        )
        if not danish:  # Frivillighetsregisteret is Norwegian: a Danish answer says nothing
            data["in_voluntary_register"] = "true" if entry.in_voluntary_register else "false"
        if entry.website and not data.get("website"):
            data["website"] = entry.website
        if not data.getlist("municipalities"):  # the register's municipality, if it is here
            country = "DK" if danish else "NO"
            found = selectors.municipality_with_code(
                country=country, code=entry.municipality_number
            )
            if found:
                data.setlist("municipalities", [str(found.pk)])
        form = self.get_form_class()(initial=self._initial_from(data))
        messages.success(request, _("Filled in from the register. Check the details and save."))
        return self.render_to_response(self.get_context_data(form=form, looked_up=entry))

    @staticmethod
    def _initial_from(data) -> dict:
        many = {"categories", "municipalities", "languages", "target_groups"}
        return {k: data.getlist(k) if k in many else data.get(k) for k in data}

    def form_invalid(self, form, steps=None):
        existing = [form.existing_organization] if form.existing_organization else None
        return self.render_to_response(
            self.get_context_data(form=form, existing=existing, steps=steps)
        )

    def form_valid(self, form, steps):
        fields, m2m = form.split()
        if "confirm_new" not in self.request.POST:
            similar = list(
                selectors.organizations_similar(
                    name=fields["name"], municipality_ids=[m.pk for m in m2m["municipalities"]]
                )
            )
            if similar:
                steps.index = steps.count - 1
                return self.render_to_response(
                    self.get_context_data(form=form, similar=similar, steps=steps)
                )
        with errors_to_form(form):
            organization = services.organization_register(
                by=self.request.user, fields=fields, m2m=m2m
            )
            messages.success(
                self.request,
                _("%(name)s is registered. A coordinator will verify it before it is public.")
                % {"name": organization.name},
            )
            return redirect(organization)
        steps.show_errors()
        return self.form_invalid(form, steps)


class OrganizationUpdateView(
    LoginRequiredMixin, OrganizationObjectMixin, PermissionRequiredMixin, FormView
):
    permission_required = "organizations.change_organization"
    form_class = OrganizationForm
    template_name = "organizations/organization_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organization}

    def form_valid(self, form):
        fields, m2m = form.split()
        with errors_to_form(form):
            services.organization_update(
                organization=self.organization, by=self.request.user, fields=fields, m2m=m2m
            )
            messages.success(self.request, _("The profile is saved."))
            return redirect(self.organization)
        return self.form_invalid(form)


class OrganizationHistoryView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "organizations.view_history"
    template_name = "organizations/organization_history.html"
    context_object_name = "organization"

    def get_queryset(self):
        return selectors.organizations_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = selectors.organization_changes(self.object)
        return context


@require_POST
@login_required
def verify(request, pk):
    """Verify for one municipality (`municipality` in the form), or for each of the
    coordinator's own municipalities where the organisation waits."""
    organization = selectors.access_organization(request.user, pk)
    municipality = selectors.municipality_of(organization, request.POST.get("municipality"))
    was_public = organization.is_public
    with errors_to_messages(request):
        services.organization_verify(
            organization=organization, by=request.user, municipality=municipality
        )
        if not was_public:
            messages.success(
                request, _("%(name)s is verified and now public.") % {"name": organization}
            )
        else:
            messages.success(
                request,
                _("%(name)s is now verified in your municipality too.") % {"name": organization},
            )
    return redirect(organization)


@login_required
def branch_detach(request, pk, branch_id):  # organizations:branch_detach
    """The umbrella says an organisation naming it is not its branch, after being asked, with an
    optional reason: the link goes, and the branch is verified again."""
    umbrella, branch = selectors.access_branch_to_detach(request.user, pk, branch_id)
    form = BranchDetachForm(request.POST if request.method == "POST" else None)
    context = {"organization": umbrella, "branch": branch, "form": form}
    if request.method == "POST" and not form.is_valid():
        return render(request, "organizations/branch_detach.html", context, status=400)
    return confirm_then(
        request,
        act=lambda: services.organization_branch_detach(
            by=request.user, umbrella=umbrella, branch=branch, reason=form.cleaned_data["reason"]
        ),
        done=_(
            "%(name)s no longer names you as its umbrella. Its admins and the coordinators are "
            "told."
        )
        % {"name": branch.name},
        next_url=umbrella.get_absolute_url(),
        template="organizations/branch_detach.html",
        context=context,
    )


class RejectView(LoginRequiredMixin, OrganizationObjectMixin, PermissionRequiredMixin, FormView):
    permission_required = "organizations.verify_organization"
    form_class = RejectForm
    template_name = "organizations/reject.html"

    def get_municipality(self):
        chosen = self.request.POST.get("municipality") or self.request.GET.get("municipality")
        return selectors.municipality_of(self.organization, chosen)

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.get_municipality(), **kwargs)

    def form_valid(self, form):
        services.organization_reject(
            organization=self.organization,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
            municipality=self.get_municipality(),
        )
        messages.success(self.request, _("The organisation's admin has been told why."))
        return redirect(self.organization)


class JoinRequestView(LoginRequiredMixin, OrganizationObjectMixin, FormView):
    form_class = JoinRequestForm
    template_name = "organizations/join.html"

    def form_valid(self, form):
        try:
            services.join_request_create(
                organization=self.organization,
                by=self.request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.info(self.request, error.messages[0])
        else:
            messages.success(self.request, _("Your request has been sent to the admin."))
        return redirect(self.organization)


# -- members ------------------------------------------------------------------------------------


class MembersView(LoginRequiredMixin, OrganizationObjectMixin, PermissionRequiredMixin, FormView):
    permission_required = "organizations.manage_members"
    form_class = InvitationForm
    template_name = "organizations/members.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.organization_members(self.organization)
        context["invitations"] = selectors.open_invitations(self.organization)
        context["join_requests"] = selectors.open_join_requests(self.organization)
        return context

    def form_valid(self, form):
        with errors_to_form(form):
            services.invitation_create(
                organization=self.organization,
                by=self.request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            messages.success(
                self.request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("organizations:members", pk=self.organization.pk)
        return self.form_invalid(form)


class MemberRolesView(
    LoginRequiredMixin, OrganizationObjectMixin, PermissionRequiredMixin, FormView
):
    permission_required = "organizations.manage_members"
    form_class = MemberRolesForm
    template_name = "organizations/member_roles.html"

    def get_permission_object(self):
        self.memberships = list(
            self.organization.memberships.filter(user_id=self.kwargs["user_id"]).select_related(
                "user"
            )
        )
        if not self.memberships:
            raise Http404
        self.member = self.memberships[0].user
        return self.organization

    def get_initial(self):
        return {
            "roles": [m.role for m in self.memberships],
            "phone": next((m.phone for m in self.memberships if m.phone), ""),
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "country": self.organization.country}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def form_valid(self, form):
        with errors_to_form(form):
            services.member_set_roles(
                organization=self.organization,
                by=self.request.user,
                member=self.member,
                roles=form.cleaned_data["roles"],
                phone=form.cleaned_data["phone"],
            )
            messages.success(self.request, _("The roles are saved."))
            return redirect("organizations:members", pk=self.organization.pk)
        return self.form_invalid(form)


@require_POST
@login_required
def leave(request, pk):
    organization = selectors.access_organization_of(request.user, pk)
    with errors_to_messages(request):
        services.member_leave(organization=organization, member=request.user)
        messages.success(request, _("You have left %(name)s.") % {"name": organization})
        return redirect("dashboard")
    return redirect(organization)


@require_POST
@login_required
def answer_join_request(request, pk, answer):
    join_request = selectors.access_join_request(request.user, pk)
    if answer not in ("accept", "decline"):
        raise Http404
    with errors_to_messages(request):
        services.join_request_answer(
            join_request=join_request, by=request.user, accept=answer == "accept"
        )
    return redirect("organizations:members", pk=join_request.organization_id)


class InvitationView(LoginRequiredMixin, TemplateView):
    """The link in an invitation e-mail: sign in (or sign up) first, then accept."""

    template_name = "organizations/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.invitation = selectors.access_invitation(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def post(self, request, *args, **kwargs):
        with errors_to_messages(request):
            services.invitation_accept(invitation=self.invitation, by=request.user)
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": self.invitation.organization}
            )
            return redirect(self.invitation.organization)
        return redirect(request.path)


# -- activities ---------------------------------------------------------------------------------


class ActivityFormMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "organizations.change_organization"
    template_name = "organizations/activity_form.html"

    def render_form(self, form, formset):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "formset": formset,
                "organization": self.organization,
                "activity": self.activity,
            },
        )

    def get(self, request, *args, **kwargs):
        form = ActivityForm(instance=self.activity, organization=self.organization)
        formset = ScheduleFormSet(instance=self.activity, prefix="schedules")
        return self.render_form(form, formset)

    def post(self, request, *args, **kwargs):
        form = ActivityForm(request.POST, instance=self.activity, organization=self.organization)
        formset = ScheduleFormSet(request.POST, instance=self.activity, prefix="schedules")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_form(form, formset)
        # Not `Meta.fields` itself: the inline formset appends its foreign key ("activity") to it.
        schedule_fields = set(ScheduleFormSet.form.Meta.fields) - {ScheduleFormSet.fk.name}
        schedules = [
            {k: v for k, v in f.cleaned_data.items() if k in schedule_fields}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        fields, m2m = form.split()
        with errors_to_form(form):
            activity = services.activity_save(
                by=request.user,
                organization=self.organization,
                activity=self.activity,
                fields=fields,
                m2m=m2m,
                schedules=schedules,
            )
            messages.success(request, _("The activity is saved."))
            return redirect(activity)
        return self.render_form(form, formset)


class ActivityCreateView(OrganizationObjectMixin, ActivityFormMixin, View):
    activity = None


class ActivityUpdateView(ActivityFormMixin, View):
    def dispatch(self, request, *args, **kwargs):
        self.activity = selectors.access_activity(request.user, kwargs["pk"])
        self.organization = self.activity.organization
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.organization


class ActivityDeleteView(LoginRequiredMixin, PermissionRequiredMixin, DeleteView):
    permission_required = "organizations.change_organization"
    template_name = "organizations/activity_confirm_delete.html"
    context_object_name = "activity"

    def get_queryset(self):
        return selectors.activities_visible_to(self.request.user).select_related("organization")

    def get_permission_object(self):
        return self.get_object().organization

    def form_valid(self, form):
        organization = self.object.organization
        services.activity_delete(by=self.request.user, activity=self.object)
        messages.success(self.request, _("The activity is deleted."))
        return redirect(organization)


# -- the coordinator's registry -----------------------------------------------------------------


class RegistryView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    permission_required = "organizations.view_registry"
    paginate_by = 25
    template_name = "organizations/registry.html"

    def get_filterset_class(self):
        from organizations.filters import RegistryFilter

        return RegistryFilter

    def get_queryset(self):
        return selectors.registry_for(self.request.user).order_by("local_status", "name")


def registry_export(request, fmt):  # organizations:registry_export
    """The coordinator's registry as CSV or XLSX, with the registry list's filters applied."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.utils import timezone

    from organizations import exports
    from organizations.filters import RegistryFilter
    from organizations.selectors import registry_for

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("organizations.view_registry"):
        raise PermissionDenied
    if fmt not in exports.FORMATS:
        raise Http404
    queryset = registry_for(request.user).order_by("local_status", "name")
    filterset = RegistryFilter(request.GET, queryset=queryset, request=request)
    # Like the list page (strict): filters that do not validate give an empty registry.
    organizations = filterset.qs if filterset.is_valid() else queryset.none()
    return exports.registry_response(organizations, fmt=fmt, today=timezone.localdate())


@require_safe
def serve_logo(request, path):
    """An uploaded logo from MEDIA_ROOT/logos/ (the URL pattern admits nothing else)."""
    from django.conf import settings
    from django.views.static import serve

    return serve(request, path, document_root=settings.MEDIA_ROOT)


class OrganizationCloseView(
    LoginRequiredMixin, OrganizationObjectMixin, PermissionRequiredMixin, TemplateView
):
    """Close the organisation after reading what goes and what stays (its admins, or a
    coordinator where it is active)."""

    permission_required = "organizations.close_organization"
    template_name = "organizations/organization_close.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that the organisation closes."))
            return self.get(request, *args, **kwargs)
        with errors_to_messages(request):
            services.organization_close(organization=self.organization, by=request.user)
            messages.success(
                request,
                _("%(name)s is closed and its people's personal data removed.")
                % {"name": self.organization},
            )
        return redirect("home")
