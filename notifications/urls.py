from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("settings/", views.NotificationSettingsView.as_view(), name="settings"),
    path("settings/mobile/", views.MobileNumberView.as_view(), name="mobile"),
    path("settings/mobile/confirm/", views.MobileConfirmView.as_view(), name="mobile_confirm"),
    path("settings/mobile/remove/", views.mobile_number_remove_view, name="mobile_remove"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_read, name="read"),
]
