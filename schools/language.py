"""The reader's language: the header's switcher, a signed-in user's saved choice, documents.

LocaleMiddleware picks the language from the cookie the switcher sets, else from the
browser's Accept-Language, else Dutch. A signed-in user's choice is also stored
(``UserPreference``) and copied into the session at login, so it follows them to another
browser; ``UserLanguageMiddleware`` applies it without a query per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from schools.models import UserPreference

SESSION_KEY = "ictteam_language"

# The cookie's attributes that Django's settings name after set_cookie's own arguments
# (LANGUAGE_COOKIE_PATH for path, ...), set as Django's own switcher sets them.
COOKIE_ATTRIBUTES = ("path", "domain", "secure", "httponly", "samesite")


def supported(code: str | None) -> str | None:
    """The project's code for a language code, or None when it is not offered."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def preference_set(*, user, language: str) -> UserPreference:
    """Store a user's language; the switcher calls it for a signed-in user."""
    preference = UserPreference.objects.filter(user=user).first() or UserPreference(user=user)
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


def preferred_language(*, user) -> str | None:
    """A user's stored language, or None when they never chose one."""
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return supported(language)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (cookie and redirect), remembered for a signed-in user."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    if language is not None and request.user.is_authenticated:
        preference_set(user=request.user, language=language)
        request.session[SESSION_KEY] = language
    return response


@receiver(user_logged_in, dispatch_uid="schools.language.remember_on_login")
def remember_on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At login the saved language, if any, becomes the session's."""
    if request is None or not hasattr(request, "session"):
        return
    language = preferred_language(user=user)
    if language is not None:
        request.session[SESSION_KEY] = language
        translation.activate(language)
        request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """Apply the session's saved language over the cookie and Accept-Language.

    Only a request that already carries a session cookie reads the session, which the
    authentication middleware reads anyway; the language cookie is brought in line so the
    user's choice also holds after logging out.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            language = supported(request.session.get(SESSION_KEY))
        if language is not None and language != translation.get_language():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language is not None and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                **{
                    name: getattr(settings, f"LANGUAGE_COOKIE_{name.upper()}")
                    for name in COOKIE_ATTRIBUTES
                },
            )
        return response


@contextmanager
def documents_language(
    request: HttpRequest | None = None, *, language: str | None = None
) -> Iterator[str]:
    """Render a PDF, workbook or e-mail in the reader's language.

    Views already run in the request's language; a document made outside a request (a
    management command, an e-mail to someone else, a zip built in the background) names
    its reader's language here, or falls back to the site's default.
    """
    chosen = (
        supported(language)
        or supported(getattr(request, "LANGUAGE_CODE", None))
        or supported(translation.get_language())
        or settings.LANGUAGE_CODE
    )
    with translation.override(chosen):
        yield chosen
