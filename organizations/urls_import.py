from django.urls import path

from organizations import import_views

app_name = "registry_import"

urlpatterns = [
    path("", import_views.ImportUploadView.as_view(), name="upload"),
    path("<int:pk>/", import_views.ImportPreviewView.as_view(), name="preview"),
    path("<int:pk>/confirm/", import_views.confirm, name="confirm"),
    path("<int:pk>/cancel/", import_views.cancel, name="cancel"),
    path("<int:pk>/progress/", import_views.ImportProgressView.as_view(), name="progress"),
]
