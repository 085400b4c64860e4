"""Notification and digest emails (HTML and text, in the recipient's language); SMTP errors."""

import smtplib
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Digest, Notification, Reason
from .selectors import Line, line

# The footer's "why you got this", one full sentence per reason.
REASON_SENTENCES = {
    Reason.CONTRACT_MANAGER: _(
        "You receive this because you are the contract manager of “%(object)s” in %(organisation)s."
    ),
    Reason.DEPUTY_CONTRACT_MANAGER: _(
        "You receive this because you are the deputy contract manager of “%(object)s” in "
        "%(organisation)s."
    ),
    Reason.ORGANISATION_CONTRACT_MANAGER: _(
        "You receive this because “%(object)s” has no contract manager, and you are a "
        "contract manager in %(organisation)s."
    ),
    Reason.SYSTEM_OWNER: _(
        "You receive this because you are the system owner of “%(object)s” in %(organisation)s."
    ),
    Reason.BENEFIT_OWNER: _(
        "You receive this because you are the benefit owner of “%(object)s” in %(organisation)s."
    ),
}


def reason_sentence(notification: Notification) -> str:
    sentence = REASON_SENTENCES.get(notification.reason)
    if sentence is None:
        return ""
    return sentence % {
        "object": notification.object_label,
        "organisation": notification.organisation.name,
    }


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def _line(notification: Notification, *, today: date) -> Line:
    path = reverse("tasks:open", kwargs={"pk": notification.pk})
    return line(notification, today=today, url=site_url(path))


def _message(*, template: str, context: dict, to: str, message_id: str) -> EmailMultiAlternatives:
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            # The same id on every attempt lets receiving systems drop a duplicate delivery.
            "Message-ID": f"<{message_id}@{domain}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _common(recipient) -> dict:
    return {
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "preferences_url": site_url(reverse("tasks:preferences")),
        "list_url": site_url(reverse("tasks:list")),
    }


def notification_message(notification: Notification, *, today: date) -> EmailMultiAlternatives:
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            **_common(recipient),
            "line": _line(notification, today=today),
            "reason": reason_sentence(notification),
            "organisation": notification.organisation,
        }
        return _message(
            template="notification",
            context=context,
            to=recipient.email,
            message_id=f"notification.{notification.pk}",
        )


def digest_message(
    digest: Digest, notifications: list[Notification], *, today: date
) -> EmailMultiAlternatives:
    recipient = digest.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        lines = [_line(n, today=today) for n in notifications]
        context = {**_common(recipient), "lines": lines, "digest": digest}
        return _message(
            template="digest", context=context, to=recipient.email, message_id=f"digest.{digest.pk}"
        )


# --- SMTP answers -----------------------------------------------------------------------------


def is_temporary(error: Exception) -> bool:
    """4xx answers, refused or dropped connections and timeouts are worth retrying; 5xx are not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return not 500 <= error.smtp_code < 600
    # SMTPServerDisconnected, ConnectionRefusedError, TimeoutError, DNS errors ...
    return isinstance(error, smtplib.SMTPException | OSError)


def describe(error: Exception) -> str:
    """The server's answer (code and text) or the exception, for the failure record."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(message: bytes | str) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)
