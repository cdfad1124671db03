from django.apps import AppConfig

CASE_TABLE = "cases_casesummary"


class CasesConfig(AppConfig):
    name = "coord.cases"
    label = "cases"
    verbose_name = "Case summaries"

    def ready(self) -> None:
        """Declare the ciphertext columns so rotation and re-encryption can find them."""
        from coord.cases.models import CaseSummary
        from coord.crypto.registry import register_encrypted_field

        for logical, column in (("summary", "summary_ct"), ("notes", "notes_ct")):
            register_encrypted_field(
                model=CaseSummary,
                field=column,
                table=CASE_TABLE,
                logical_field=logical,
                row_id_attr="reference",
                organisation_attr="organisation",
            )
