"""The project's URLs plus one bare authenticated view: the benchmark's yardstick.

Only the bench command routes requests through this module (``override_settings``), so
the yardstick is never served and the roles walk never meets it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The least a signed-in page costs: middleware, session and user, and no work."""
    return HttpResponse("ok", content_type="text/plain")


# The project's URLs by name: the apps import nothing from the project package.
urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("ictteam.urls"))]
