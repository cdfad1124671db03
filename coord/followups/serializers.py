"""Input and output shapes of the follow-up and timeline endpoints."""

from __future__ import annotations

from rest_framework import serializers

from coord.cases.serializers import TextState
from coord.followups.models import FollowUpStatus, Kind
from coord.followups.services import MAX_NOTE_CHARS
from coord.lib.api import StrictSerializer
from coord.pii.fields import PiiGuardedCharField


class FollowUpInputSerializer(StrictSerializer):
    """What a client may write; the author, the case and the id are set by the server."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, required=False)
    due_date = serializers.DateField()
    note = PiiGuardedCharField(
        required=False, allow_blank=True, max_length=MAX_NOTE_CHARS, trim_whitespace=False
    )


class FollowUpOutputSerializer(serializers.Serializer):
    """One follow-up as its reader may see it; ``note_state`` says why ``note`` is null."""

    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=Kind.choices)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    due_date = serializers.DateField()
    note = serializers.CharField(allow_null=True)
    note_state = serializers.ChoiceField(choices=TextState.choices)
    overdue = serializers.BooleanField()
    created_by = serializers.CharField(allow_null=True, help_text="Only for the owner.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class TimelineFollowUpSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    due_date = serializers.DateField()


class TimelineEntrySerializer(serializers.Serializer):
    """One thing that happened to a case: never a value of encrypted text."""

    at = serializers.DateTimeField()
    event = serializers.CharField(help_text="The audit action, e.g. `case.update`, `share.create`.")
    outcome = serializers.CharField(help_text="`allowed` or `denied`.")
    actor = serializers.CharField(allow_null=True, help_text="Named to its own organisation only.")
    actor_organisation = serializers.CharField(allow_null=True)
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the fields written, never values."
    )
    follow_up = TimelineFollowUpSerializer(allow_null=True)


class TimelineOutputSerializer(serializers.Serializer):
    """One page of a case's timeline, newest first; ``next`` is the cursor of the next page."""

    results = TimelineEntrySerializer(many=True)
    next = serializers.CharField(allow_null=True)
