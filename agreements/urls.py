from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("new/", views.AgreementCreateView.as_view(), name="create"),
    path("draft/", views.OrganizationDraftView.as_view(), name="organization_draft"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AgreementEditView.as_view(), name="edit"),
    path("<int:pk>/parties/add/", views.party_add, name="party_add"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/send/", views.send_for_approval, name="send"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/revise/", views.start_revision, name="revise"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/take-over/", views.take_over, name="take_over"),
    path("<int:pk>/end/", views.AgreementEndView.as_view(), name="end"),
    path("<int:pk>/evaluations/new/", views.EvaluationRecordView.as_view(), name="evaluation"),
    path("<int:pk>/public/", views.set_public, name="public"),
    path("<int:pk>/versions/<int:number>/", views.VersionView.as_view(), name="version"),
    path("<int:pk>/versions/<int:number>/pdf/", views.VersionPdfView.as_view(), name="version_pdf"),
    path("<int:pk>/diff/", views.DiffView.as_view(), name="diff"),
    path("<int:pk>/print/", views.PrintView.as_view(), name="print"),
    path("<int:pk>/save-as-template/", views.save_as_template, name="save_as_template"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/<int:template_id>/delete/", views.template_delete, name="template_delete"),
    path("needs/", views.NeedListView.as_view(), name="needs"),
    path("needs/new/", views.NeedFormView.as_view(), name="need_create"),
    path("needs/<int:pk>/", views.NeedDetailView.as_view(), name="need"),
    path("needs/<int:pk>/edit/", views.NeedFormView.as_view(), name="need_edit"),
    path("needs/<int:pk>/close/", views.need_close, name="need_close"),
]
