from django.urls import path

from announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.AnnouncementListView.as_view(), name="list"),
    path("<int:pk>/", views.AnnouncementDetailView.as_view(), name="detail"),
    path("new/", views.AnnouncementCreateView.as_view(), name="create"),
]
