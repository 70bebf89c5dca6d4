from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from schools import language
from schools import views as school_views

urlpatterns = [
    path("", school_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("", include("schools.urls")),
    path("", include("tasks.urls")),
    path("", include("teams.urls")),
    path("", include("guidelines.urls")),
]
