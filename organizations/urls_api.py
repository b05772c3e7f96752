app_name = "hsds"

urlpatterns: list = []
