from werkcoach.navigation import menu_voor


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    from django.conf import settings

    if settings.WERKCOACH_2FA_VERPLICHT and not user.is_verified():
        return {"menu": []}  # nothing is reachable before the second factor
    return {"menu": menu_voor(user)}


def sessie(request):
    """Timing for the inactivity warning in ``static/js/sessie.js``."""
    from django.conf import settings

    return {
        "sessie_duur": settings.SESSION_COOKIE_AGE,
        "sessie_waarschuwing": settings.WERKCOACH_SESSIE_WAARSCHUWING,
    }
