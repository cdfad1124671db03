from django.apps import AppConfig

ACCESS_REQUEST_TABLE = "sharing_policies_accessrequest"
REFERRAL_TABLE = "sharing_policies_referral"


class SharingPoliciesConfig(AppConfig):
    name = "sharing_policies"
    verbose_name = "Sharing policies"

    def ready(self) -> None:
        """Declare the ciphertext columns so key rotation re-encrypts them too."""
        from coord.crypto.registry import register_encrypted_field
        from sharing_policies.models import AccessRequest, Referral

        register_encrypted_field(
            model=AccessRequest,
            field="purpose_ct",
            table=ACCESS_REQUEST_TABLE,
            logical_field="purpose",
            row_id_attr="public_id",
            organisation_attr="from_organisation",
        )
        register_encrypted_field(
            model=AccessRequest,
            field="deny_reason_ct",
            table=ACCESS_REQUEST_TABLE,
            logical_field="deny_reason",
            row_id_attr="public_id",
            organisation_attr="to_organisation",
        )
        register_encrypted_field(
            model=Referral,
            field="message_ct",
            table=REFERRAL_TABLE,
            logical_field="message",
            row_id_attr="public_id",
            organisation_attr="from_organisation",
        )
        register_encrypted_field(
            model=Referral,
            field="decline_reason_ct",
            table=REFERRAL_TABLE,
            logical_field="decline_reason",
            row_id_attr="public_id",
            organisation_attr="to_organisation",
        )
