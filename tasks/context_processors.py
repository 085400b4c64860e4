"""Template context: the signed-in user's unread notifications in the current organisation."""

from django.http import HttpRequest

from .selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    if user is None or not user.is_authenticated or organisation is None:
        return {}
    return {"unread_notification_count": unread_count(user=user, organisation=organisation)}
