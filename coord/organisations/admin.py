from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError

from coord.organisations.models import Membership, Organisation
from coord.organisations.usernames import clean_new_username


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "country", "kind", "active"]
    list_filter = ["kind", "country", "active"]
    search_fields = ["slug", "name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    readonly_fields = ["created_at"]


class _UsernameChecks:
    """The project's username checks (``clean_new_username``) on the admin's user forms."""

    def _check_username(self, username: str, *, exclude_pk: int | None) -> str:
        try:
            return clean_new_username(username, exclude_pk=exclude_pk)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("username", exc.messages)) from None


class GuardedUserCreationForm(_UsernameChecks, UserCreationForm):
    def clean_username(self) -> str:
        username = super().clean_username()
        return self._check_username(username, exclude_pk=None) if username else username


class GuardedUserChangeForm(_UsernameChecks, UserChangeForm):
    def clean_username(self) -> str:
        username = self.cleaned_data.get("username")
        if username and "username" in self.changed_data:
            return self._check_username(username, exclude_pk=self.instance.pk)
        return username


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class GuardedUserAdmin(UserAdmin):
    """Django's user admin with the project's username checks on adding and renaming."""

    add_form = GuardedUserCreationForm
    form = GuardedUserChangeForm
