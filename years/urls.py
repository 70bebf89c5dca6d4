app_name = "years"

urlpatterns: list = []
