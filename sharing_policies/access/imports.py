"""Who may see and commit an import: the member who uploaded it and the admins of its
organisation. Anyone else gets the 404 of a missing import, audited."""

from __future__ import annotations

from coord.imports.models import Import
from coord.imports.selectors import import_get
from coord.organisations.models import Role
from sharing_policies.access.caller import caller_for
from sharing_policies.access.deny import deny


def import_for(user, import_id, *, action: str = "read", request=None) -> Import:
    upload = import_get(import_id)
    caller = caller_for(user)
    allowed = (
        upload is not None
        and caller.is_member
        and caller.organisation_id == upload.organisation_id
        and (upload.created_by_id == user.pk or caller.role == Role.ADMIN)
    )
    if not allowed:
        deny(
            user=user,
            action=f"import.{action}_denied",
            organisation=upload.organisation if upload is not None else None,
            object_type="import",
            object_id=str(upload.pk) if upload is not None else "",
            request=request,
        )
    return upload
