from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include
from django.urls import path

from overview import views as overview_views
from schools import language
from schools.forms import LoginForm

urlpatterns = [
    path("", overview_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Everybody resets their own password by e-mail; nobody else sets it for them.
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("", include("schools.urls")),
    path("", include("tasks.urls")),
    path("", include("teams.urls")),
    path("", include("guidelines.urls")),
    path("", include("development.urls")),
    path("", include("policy.urls")),
    path("", include("years.urls")),
    path("", include("sharing.urls")),
    path("", include("overview.urls")),
]
