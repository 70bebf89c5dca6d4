"""``ScopedRelatedFilter``: a related-object filter that offers only the objects of the
user's schools and groups, read through a query compiled once per process where the admin
scopes its rows as ``TenantAdmin`` does.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import EmptyResultSet

from schools.access import member_ids
from schools.admin.reads import _PK_PLACEHOLDER
from schools.admin.reads import NAMED_BY_FIELD
from schools.admin.reads import _named_choices
from schools.admin.reads import _scoped_choices
from schools.admin.reads import school_choices_by_tokens
from schools.admin.reads import scoped_tokens
from schools.admin.scoping import keeps_own
from schools.compiled import compiled_rows
from schools.kept import Kept
from schools.models import School

# A filter's schools by the list, its options and the tokens of the schools seen.
_SCHOOL_CHOICES: Kept[tuple, list[tuple] | None] = Kept(500)


class ScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """Django's filter on the related objects of the listed (scoped) objects.

    Django reads the choices as model instances (a hundred schools in the assignments'
    sidebar, ten fields each) and finds them with ``IN (SELECT DISTINCT …)`` over every
    listed row (30,000 assignments: about 8 ms of the database's time a page). Here the
    choices of a model named by one field are read as that field's values, and the
    subquery leaves out the ``DISTINCT`` that ``IN`` does not need, so that PostgreSQL
    can stop at each object's first row. The same choices in the same order.
    """

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model if field.remote_field else None
        name = NAMED_BY_FIELD.get(related._meta.label_lower) if related is not None else None
        if name is None or field.remote_field.get_related_field().attname != "id":
            return super().field_choices(field, request, model_admin)
        ordering = tuple(self.field_admin_ordering(field, request, model_admin) or ())
        user = request.user
        school_ids, group_ids = member_ids(user)
        if (
            keeps_own(model_admin, "get_queryset")
            and user.is_authenticated
            and not user.is_superuser
            and (school_ids or group_ids)
        ):
            # The admin's own scoped list: its SQL compiled once per process.
            options = {
                "model": model_admin.model._meta.label,
                "path": self.field_path,
                "related": related._meta.label,
                "name": name,
                "ordering": ordering,
            }

            def read() -> list[tuple] | None:
                try:
                    rows = compiled_rows(
                        _scoped_choices,
                        options=options,
                        convert=True,
                        school_ids=school_ids,
                        group_ids=group_ids,
                    )
                except EmptyResultSet:  # nothing the member can see: Django reads none
                    return None
                return [tuple(row) for row in rows]

            label = options["model"]
            if related is School and school_choices_by_tokens(label, self.field_path):
                # The schools with rows, kept while no school seen changes (the list's
                # count reads the same tokens: no query of its own).
                tokens, _ = scoped_tokens(
                    request, label, school_ids=school_ids, group_ids=group_ids
                )
                if tokens and None not in tokens.values():
                    key = (*options.values(), tuple(sorted(tokens.items())))
                    found = _SCHOOL_CHOICES.get(key, read)
                else:
                    found = read()
            else:
                found = read()
            if found is not None:
                return found
        listed = model_admin.get_queryset(request).values_list(f"{self.field_path}__pk")
        return list(_named_choices(related, listed, ordering, name))

    def _choice_address(self, changelist) -> list[str] | None:
        """A choice's address around its id (None: the stand-in is not found once)."""
        stand_in = str(_PK_PLACEHOLDER)
        address = changelist.get_query_string(
            {self.lookup_kwarg: _PK_PLACEHOLDER}, [self.lookup_kwarg_isnull]
        )
        return address.split(stand_in) if address.count(stand_in) == 1 else None

    def written_key(self, changelist) -> tuple | None:
        """What ``choices`` follows from, for ``{% tenant_list_filters %}`` to write the
        filter's HTML once for each (a hundred schools' links took about half a
        millisecond a page): the "All" choice, a choice's address around its id, the
        choices read and the ones selected, the empty choice. None where an address is
        Django's own (facets, an id that is not a number) or a name not text."""
        if changelist.add_facets:
            return None
        found = tuple(self.lookup_choices)
        if not all(type(pk) is int and type(name) is str for pk, name in found):
            return None
        parts = self._choice_address(changelist)
        if parts is None:
            return None
        everything = next(super().choices(changelist))
        selected = self.lookup_val
        empty = None
        if self.include_empty_choice:
            empty = (
                bool(self.lookup_val_isnull),
                changelist.get_query_string(
                    {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                ),
                str(self.empty_value_display),
            )
        try:
            key = (
                tuple(everything.items()),
                tuple(parts),
                found,
                tuple(selected) if isinstance(selected, list) else selected,
                empty,
            )
            hash(key)
        except TypeError:
            return None
        return key

    def choices(self, changelist):
        """Django's choices, each choice's address written from one built with a stand-in
        id: ``get_query_string`` copies, filters, sorts and encodes the list's parameters
        for each of a hundred schools, and only the id differs."""
        if changelist.add_facets:
            yield from super().choices(changelist)
            return
        choices = super().choices(changelist)
        yield next(choices)  # "All"
        parts = self._choice_address(changelist)
        selected = self.lookup_val
        for pk_val, val in self.lookup_choices:
            if parts is not None and type(pk_val) is int:
                query_string = f"{parts[0]}{pk_val}{parts[1]}"
            else:
                query_string = changelist.get_query_string(
                    {self.lookup_kwarg: pk_val}, [self.lookup_kwarg_isnull]
                )
            yield {
                "selected": selected is not None and str(pk_val) in selected,
                "query_string": query_string,
                "display": val,
            }
        if self.include_empty_choice:
            yield {
                "selected": bool(self.lookup_val_isnull),
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                ),
                "display": self.empty_value_display,
            }
