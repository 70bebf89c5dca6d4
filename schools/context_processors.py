from django.http import HttpRequest

from schools.access import visible_groups, visible_schools


def current_school(request: HttpRequest) -> dict:
    """Navigation: the schools and groups the signed-in user can switch between.

    Lazy querysets: pages that never render the menu never run the queries.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_schools": visible_schools(user)
        .select_related("group")
        .order_by("group__name", "name"),
        "nav_groups": visible_groups(user).order_by("name"),
    }
