"""The project's URLs plus one bare authenticated view: the benchmark's yardstick.

Only the bench command routes requests through this module (``override_settings``), so
the yardstick is never served and the roles walk never meets it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include
from django.urls import path


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The least a signed-in page costs: middleware, session and user, and no work."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def empty(request: HttpRequest) -> HttpResponse:
    """An empty page in the site's layout: what every page costs before its content."""
    return render(request, "base.html", {})


# The project's URLs by name: the apps import nothing from the project package.
urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/empty/", empty, name="bench_empty"),
    path("", include("ictteam.urls")),
]
