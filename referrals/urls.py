from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.ReferralListView.as_view(), name="list"),
    path("persons/", views.PersonListView.as_view(), name="persons"),
    path("persons/new/", views.person_create, name="person_new"),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/export/", views.person_export, name="person_export"),
    path("persons/<int:pk>/export.json", views.person_export_json, name="person_export_json"),
    path("persons/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("persons/<int:pk>/consents/new/", views.consent_create, name="consent_new"),
    path("persons/<int:pk>/referrals/new/", views.referral_create, name="referral_new"),
    path("persons/<int:pk>/offers/new/", views.offer_present, name="offer_new"),
    path("consents/<int:pk>/", views.consent_detail, name="consent"),
    path("consents/<int:pk>/print/", views.consent_print, name="consent_print"),
    path("consents/<int:pk>/pdf/", views.consent_pdf, name="consent_pdf"),
    path("consents/<int:pk>/renew/", views.consent_renew, name="consent_renew"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/", views.referral_detail, name="referral"),
    path("<int:pk>/accept/", views.referral_accept, name="accept"),
    path("<int:pk>/decline/", views.referral_decline, name="decline"),
    path("<int:pk>/contact-made/", views.referral_contact_made, name="contact"),
    path("<int:pk>/unreachable/", views.referral_unreachable, name="unreachable"),
    path("<int:pk>/close/", views.referral_close, name="close"),
    path("<int:pk>/route/", views.referral_route, name="route"),
    path("routing/", views.RoutingListView.as_view(), name="routing"),
    path("information-sheets/", views.sheet_list, name="sheets"),
    path("information-sheets/<str:language>/edit/", views.sheet_edit, name="sheet_edit"),
    path("information-sheets/<str:language>/approve/", views.sheet_approve, name="sheet_approve"),
    path("information-sheets/<str:language>/print/", views.sheet_print, name="sheet_print"),
    path("information-sheets/<str:language>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("retention/", views.retention_settings, name="retention"),
    path("record-of-processing/", views.record_of_processing, name="record_of_processing"),
    path(
        "record-of-processing/pdf/",
        views.record_of_processing_pdf,
        name="record_of_processing_pdf",
    ),
    path("impact-assessment/", views.dpia, name="dpia"),
    path("follow-up/", views.staff_feedback, name="staff_feedback"),
    path("follow-up/answers/", views.staff_feedback_summary, name="staff_feedback_summary"),
    path("privacy-notice/", views.privacy_notice_edit, name="privacy_notice"),
    path(
        "organisations-without-agreement/",
        views.organizations_without_agreement,
        name="missing_agreements",
    ),
]
