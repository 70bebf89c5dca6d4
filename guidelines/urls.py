from django.urls import path

app_name = "guidelines"

urlpatterns: list = []
