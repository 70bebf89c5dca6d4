from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Q
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.access import CAN_ADMINISTER_GROUP
from schools.access import get_group_or_404
from schools.access import get_school_or_404
from schools.access import group_roles
from schools.access import has_role
from schools.access import school_roles
from schools.forms import InvitedAccountForm
from schools.models import Invitation
from schools.models import Role
from schools.services import invitation_accept
from schools.services import invitation_has_account
from schools.services import invitation_is_for
from schools.services import invitation_is_open
from schools.services import user_create_from_invitation


@login_required
def school_detail(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    counts = school.task_list.aggregate(
        total=Count("pk"),
        applying=Count("pk", filter=Q(applies=True)),
        to_review=Count("pk", filter=~Q(review="")),
    )
    roles = [Role(r).label for r in sorted(school_roles(request.user, school))]
    context = {"school": school, "counts": counts, "roles": roles}
    return render(request, "schools/school_detail.html", context)


@login_required
def group_detail(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    schools = group.schools.order_by("name")
    roles = [Role(r).label for r in sorted(group_roles(request.user, group))]
    context = {
        "group": group,
        "schools": schools,
        "roles": roles,
        "can_administer": has_role(request.user, group, CAN_ADMINISTER_GROUP),
        "section": "schools",
    }
    return render(request, "schools/group_detail.html", context)


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: with the account of its e-mail address, or by creating it.

    The link is bound to the invited address: someone signed in with another account
    is refused (403), and someone new creates the account of that address only.
    """
    invitation = get_object_or_404(
        Invitation.objects.select_related("school", "group", "invited_by"), token=token
    )
    if not invitation_is_open(invitation):
        return render(
            request, "schools/invitation_closed.html", {"invitation": invitation}, status=410
        )
    where = invitation.school or invitation.group
    context: dict = {"invitation": invitation, "form": None, "wrong_account": False}
    if request.user.is_authenticated:
        if not invitation_is_for(invitation=invitation, user=request.user):
            context["wrong_account"] = True
            return render(request, "schools/invitation_accept.html", context, status=403)
        if request.method == "POST":
            invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, _("Welcome to %(where)s.") % {"where": where})
            return redirect(where.get_absolute_url())
        return render(request, "schools/invitation_accept.html", context)
    if invitation_has_account(invitation=invitation):
        # The address has an account already: sign in with it, then accept.
        context["sign_in_first"] = True
        return render(request, "schools/invitation_accept.html", context)
    form = InvitedAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create_from_invitation(
                invitation=invitation,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(where)s.") % {"where": where})
            return redirect(where.get_absolute_url())
    context["form"] = form
    return render(request, "schools/invitation_accept.html", context)
