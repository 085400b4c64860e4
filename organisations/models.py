"""Organisations, users and memberships; the tenancy every other app hangs on."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .roles import Role


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        EDITORIAL = "editorial", _("Editorial team")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    municipality_code = models.CharField(
        _("municipality code"), max_length=3, blank=True, help_text=_("Three digits, e.g. 101.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in; what they may do depends on their memberships."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("da", _("Danish")), ("en", _("English"))],
        default="da",
        help_text=_("Language of the interface and of emails."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name(self.first_name, self.last_name, self.username)

    @staticmethod
    def display_name(first_name: str, last_name: str, username: str) -> str:
        """How a user is named on pages: the full name, else the username (read as values)."""
        return f"{first_name} {last_name}".strip() or username


class Membership(models.Model):
    """One role of one user in one organisation; a user with two roles has two memberships."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
