"""Pages of the team builder, one module a sub-domain: people, the matrix, assignments,
consultation and agreements, group-level people, and the team documents.

Every school-scoped page first resolves the school through ``get_school_or_404`` and
then its objects through ``get_school_object_or_404`` on a queryset already limited to
that school, so another school's person, task or assignment is a 404 whatever the URL.
"""
