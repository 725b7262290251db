"""A referral submitted by a partner system: the JSON is bound to the interface's referral
form (the same validation and Dutch messages), then the same duplicate check and service."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from api.models import Partnertoken
from api.problemen import probleem
from api.schemas import AanmeldingIn
from cases.forms import AanmeldingForm
from cases.models import Aanmelding
from cases.services import (
    INWONER_VELDEN,
    DubbeleInwoner,
    TeVaakGecontroleerd,
    aanmelding_create,
    dubbelcontrole_tellen,
)
from cases.tasks import mail_nieuwe_aanmelding, na_commit

# The form's field names as the API names them.
VELDNAMEN = {
    **{v: f"inwoner.{v}" for v in INWONER_VELDEN},
    "toestemming_gegeven": "toestemming.gegeven",
    "toestemming_datum": "toestemming.datum",
    "toestemming_wijze": "toestemming.wijze",
    "toestemming_omvang": "toestemming.omvang",
    "indieningssleutel": "Idempotency-Key",
}
# Dutch reasons for what the JSON parser refuses (pydantic's error types).
_REDENEN = {
    "missing": "Dit veld is verplicht.",
    "date_from_datetime_parsing": "Geen geldige datum; gebruik jjjj-mm-dd.",
    "date_parsing": "Geen geldige datum; gebruik jjjj-mm-dd.",
    "date_type": "Geen geldige datum; gebruik jjjj-mm-dd.",
    "bool_parsing": "Geef true of false.",
    "bool_type": "Geef true of false.",
    "int_parsing": "Geef een geheel getal.",
    "int_type": "Geef een geheel getal.",
    "string_type": "Geef tekst.",
    "model_attributes_type": "Geef een object.",
    "json_invalid": "De inhoud is geen geldige JSON.",
}


def invoerfout(fout: dict[str, Any]) -> tuple[str, str]:
    """(field name, Dutch reason) of one error of the JSON parser."""
    plek = [str(p) for p in fout.get("loc", ())]
    if plek[:1] == ["body"]:
        plek = plek[2:]  # ("body", "aanmelding", "inwoner", "voornaam")
    elif plek[:1] in (["query"], ["path"], ["header"]):
        plek = plek[1:]
    return ".".join(plek) or "body", _REDENEN.get(fout.get("type", ""), "Ongeldige waarde.")


def probleem_uit_validatie(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if not hasattr(exc, "error_dict"):
        return probleem(request, 400, " ".join(exc.messages))
    ongeldig = [
        (VELDNAMEN.get(veld, veld), bericht)
        for veld, berichten in exc.message_dict.items()
        if veld != "__all__"
        for bericht in berichten
    ]
    algemeen = " ".join(exc.message_dict.get("__all__", []))
    return probleem(
        request, 400, algemeen or "De invoer is niet geldig; zie invalidParams.", ongeldig=ongeldig
    )


def indieningssleutel(t: Partnertoken, sleutel: str | None) -> uuid.UUID | None:
    """The referral's submission key for a client's ``Idempotency-Key``, in a namespace per
    organisation: another organisation's key can never find this one's referral."""
    if not sleutel:
        return None
    return uuid.uuid5(uuid.NAMESPACE_URL, f"werkcoach-api:{t.organisatie_id}:{sleutel}")


def _formdata(invoer: AanmeldingIn, sleutel: uuid.UUID) -> dict[str, Any]:
    inwoner = invoer.inwoner.model_dump()
    inwoner["geboortedatum"] = (
        inwoner["geboortedatum"].isoformat() if inwoner["geboortedatum"] else ""
    )
    t = invoer.toestemming
    return {
        **inwoner,
        "gebiedsteam": invoer.gebiedsteam,
        "signaal": invoer.signaal,
        "wens": invoer.wens,
        "contactvoorkeur": invoer.contactvoorkeur,
        "contact_moment_voorkeur": invoer.contact_moment_voorkeur,
        "toestemming_gegeven": t.gegeven,
        "toestemming_datum": t.datum.isoformat(),
        "toestemming_wijze": t.wijze,
        "toestemming_omvang": t.omvang,
        "indieningssleutel": str(sleutel),
    }


def indienen(
    request: HttpRequest, t: Partnertoken, invoer: AanmeldingIn, idempotency_key: str | None
) -> tuple[Aanmelding, bool] | HttpResponse:
    """The referral and whether it is new, or the problem that stopped it (nothing saved)."""
    if idempotency_key is not None and len(idempotency_key) > 200:
        return probleem(request, 400, "De Idempotency-Key is te lang (hoogstens 200 tekens).")
    sleutel = indieningssleutel(t, idempotency_key)
    if sleutel is not None:
        eerder = Aanmelding.objects.filter(indieningssleutel=sleutel).first()
        if eerder is not None:
            return eerder, False
    door = t.gebruiker
    form = AanmeldingForm(_formdata(invoer, sleutel or uuid.uuid4()), user=door)
    if not form.is_valid():
        return probleem_uit_validatie(request, ValidationError(form.errors.as_data()))
    try:
        dubbelcontrole_tellen(gebruiker=door)
    except TeVaakGecontroleerd as exc:
        return probleem(request, 429, " ".join(exc.messages))
    d = form.cleaned_data
    try:
        with transaction.atomic():
            aanmelding = aanmelding_create(
                door=door,
                gebiedsteam=d["gebiedsteam"],
                inwoner_gegevens={k: d[k] for k in INWONER_VELDEN},
                **form.aanmelding_gegevens(),
            )
    except DubbeleInwoner:
        return probleem(
            request,
            409,
            "Deze inwoner lijkt al bekend te zijn in deze gemeente (zelfde BSN, of zelfde naam "
            "en geboortedatum). Via de API kan geen bestaande inwoner worden gekozen: meld deze "
            "inwoner aan in de applicatie. Er is niets opgeslagen.",
        )
    except ValidationError as exc:
        return probleem_uit_validatie(request, exc)
    na_commit(mail_nieuwe_aanmelding, aanmelding.pk)
    return aanmelding, True
