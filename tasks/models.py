"""Notifications, daily digests and notification preferences, with their email delivery state."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Delivery(models.TextChoices):
    """How a user wants to hear about one kind of notification."""

    IMMEDIATE = "immediate", _("Email at once")
    DIGEST = "digest", _("Daily digest email")
    IN_APP = "in_app", _("In the app only")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NOT_EMAILED = "not_emailed", _("Not emailed (in the app only)")
    CANCELLED = "cancelled", _("Not sent: handled before sending")


class Reason(models.TextChoices):
    """Why a person receives a notification; the email's footer says it in full."""

    CONTRACT_MANAGER = "contract_manager", _("Contract manager")
    DEPUTY_CONTRACT_MANAGER = "deputy_contract_manager", _("Deputy contract manager")
    ORGANISATION_CONTRACT_MANAGER = (
        "organisation_contract_manager",
        _("Contract manager of the organisation"),
    )
    SYSTEM_OWNER = "system_owner", _("System owner")
    BENEFIT_OWNER = "benefit_owner", _("Benefit owner")


class EmailDeliveryState(models.Model):
    """The sending state of one email: claimed under a row lock, retried with backoff."""

    status = models.CharField(
        _("email"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Digest(EmailDeliveryState):
    """One daily email listing a user's digest notifications (across their organisations)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notification_digests",
    )
    digest_date = models.DateField(_("date"))

    class Meta:
        ordering = ["-digest_date", "recipient_id"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_date"], name="digest_unique_recipient_date"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="digest_pending_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.digest_date}"


class Notification(EmailDeliveryState):
    """One alert to one person about one item reaching one lead time.

    The unique key (kind, object, item, due date, lead time, recipient) makes every scan
    idempotent: scans that run twice, concurrently or after a crash insert each row once. A
    deadline that moves gets a new due date and so new notifications; a handled one stops.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60)
    # The object the notification is about, e.g. "contracts.contract" 17, and which part of it
    # (an option's or milestone's id; 0 when the object has only one such item).
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.BigIntegerField(_("object id"))
    item_id = models.BigIntegerField(_("item id"), default=0)
    due_date = models.DateField(_("due date"))
    lead_days = models.SmallIntegerField(
        _("lead time (days)"), help_text=_("Days before the due date; negative: overdue.")
    )
    object_label = models.CharField(_("about"), max_length=300)
    reason = models.CharField(_("reason"), max_length=40, choices=Reason.choices)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "object_type",
                    "object_id",
                    "item_id",
                    "due_date",
                    "lead_days",
                    "recipient",
                ],
                name="notification_unique_key",
            )
        ]
        indexes = [
            # The frequent "send due" task.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending", delivery="immediate"),
                name="notification_pending_due",
            ),
            # Digest building: pending digest items not yet in a digest.
            models.Index(
                fields=["recipient"],
                condition=Q(status="pending", delivery="digest", digest__isnull=True),
                name="notification_digest_open",
            ),
            # A user's list and unread count in one organisation.
            models.Index(
                fields=["recipient", "organisation", "-created_at"],
                name="notification_user_list",
            ),
            models.Index(
                fields=["recipient", "organisation"],
                condition=Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
            models.Index(
                fields=["organisation", "-created_at"],
                condition=Q(status="failed"),
                name="notification_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.object_label} · {self.due_date} ({self.lead_days})"


class NotificationPreference(models.Model):
    """A user's choice of delivery for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)

    class Meta:
        ordering = ["user_id", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"
