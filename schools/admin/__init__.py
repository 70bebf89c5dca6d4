"""One admin site for many schools: every list is scoped to the user's group or school.

Group admins manage their group and its schools; school leaders see and manage only
their school; superusers see everything. Access follows the memberships, not Django's
model permissions, so a new group admin needs nothing but the membership.

Objects outside the user's scope answer 404 on every admin page (change, delete,
history), exactly like a missing object: the admin never reveals that another group's
object exists. Related objects picked in a form must belong to the same school (or its
group) as the object itself.

Saves never bypass the rules of the app's pages: a model either saves through the same
services (``ServiceWriteAdmin``) or is read-only here with a link to the page that edits
it (``EditedOnPageAdmin``). Who may do what (``is_admin_user``, ``may_manage``,
``may_manage_account``) is decided in ``schools/access.py``.

The team builder and the wizard register their models with TenantAdmin subclasses;
``register_app_admins`` (run when the apps are ready) makes sure no tenant-owned model
of the project is missing from the admin or registered unscoped.
"""

# The package's API, what the apps' admins and the tests import: the admin classes
# (``options``), the changelist and its filter, and the schools app's own admins, which
# Django's autodiscovery registers by importing this package.
from schools.admin.changelist import NAMED_FROM
from schools.admin.changelist import TenantChangeList
from schools.admin.filters import ScopedRelatedFilter
from schools.admin.options import EditedOnPageAdmin
from schools.admin.options import ServiceWriteAdmin
from schools.admin.options import TenantAdmin
from schools.admin.options import TenantInline
from schools.admin.options import same_tenant_form
from schools.admin.options import scoped_choices
from schools.admin.options import written_media
from schools.admin.reads import NAMED_BY_FIELD
from schools.admin.reads import prefetch_forward_keys
from schools.admin.registered import PersonSchoolFormSet
from schools.admin.registered import SchoolAdmin
from schools.admin.registered import register_app_admins
from schools.admin.scoping import NotFoundOutsideScope
from schools.admin.scoping import check_same_tenant

__all__ = [
    "NAMED_BY_FIELD",
    "NAMED_FROM",
    "EditedOnPageAdmin",
    "NotFoundOutsideScope",
    "PersonSchoolFormSet",
    "SchoolAdmin",
    "ScopedRelatedFilter",
    "ServiceWriteAdmin",
    "TenantAdmin",
    "TenantChangeList",
    "TenantInline",
    "check_same_tenant",
    "prefetch_forward_keys",
    "register_app_admins",
    "same_tenant_form",
    "scoped_choices",
    "written_media",
]
