from django.apps import AppConfig

FOLLOWUP_TABLE = "followups_followup"


class FollowupsConfig(AppConfig):
    name = "coord.followups"
    label = "followups"
    verbose_name = "Case follow-ups"

    def ready(self) -> None:
        """Declare the note's ciphertext column so rotation and re-encryption find it."""
        from coord.crypto.registry import register_encrypted_field
        from coord.followups.models import FollowUp

        register_encrypted_field(
            model=FollowUp,
            field="note_ct",
            table=FOLLOWUP_TABLE,
            logical_field="note",
            row_id_attr="public_id",
            organisation_attr="organisation",
        )
