from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("report.csv", views.ReportView.as_view(fmt="csv"), name="report_csv"),
    path("report.xlsx", views.ReportView.as_view(fmt="xlsx"), name="report_xlsx"),
]
