"""Template context: the signed-in user's unread notifications in the current organisation."""

from django.http import HttpRequest

from .selectors import UNREAD_FIGURE, unread_count


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    if user is None or not user.is_authenticated or organisation is None:
        return {}
    # Read with the memberships at the start of the request (see tasks.apps), else counted here.
    count = getattr(organisation, "figures", {}).get(UNREAD_FIGURE)
    if count is None:
        count = unread_count(user=user, organisation=organisation)
    return {"unread_notification_count": count}
