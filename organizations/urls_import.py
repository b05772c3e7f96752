app_name = "registry_import"

urlpatterns: list = []
