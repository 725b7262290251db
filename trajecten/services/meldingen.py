"""E-mail of the klantreis notifications (handovers, nazorg reminders): no personal data."""


def _link(pad: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + pad


def _mail(sjabloon: str, ontvanger: str, **context) -> None:
    """Send ``templates/emails/<sjabloon>.txt`` with its ``_onderwerp.txt``; raises when the mail
    server refuses, so the caller's transaction (and its "sent" mark) is rolled back."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    onderwerp = render_to_string(f"emails/{sjabloon}_onderwerp.txt", context).strip()
    tekst = render_to_string(f"emails/{sjabloon}.txt", context)
    send_mail(onderwerp, tekst, None, [ontvanger])
