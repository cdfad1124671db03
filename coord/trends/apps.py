from django.apps import AppConfig

OBSERVATION_TABLE = "trends_trendobservation"


class TrendsConfig(AppConfig):
    name = "coord.trends"
    label = "trends"
    verbose_name = "Network trends"

    def ready(self) -> None:
        """Declare the note's ciphertext column so key rotation re-encrypts it."""
        from coord.crypto.registry import register_encrypted_field
        from coord.trends.models import TrendObservation

        register_encrypted_field(
            model=TrendObservation,
            field="note_ct",
            table=OBSERVATION_TABLE,
            logical_field="note",
            row_id_attr="public_id",
            organisation_attr="organisation",
        )
