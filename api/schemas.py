"""The shapes of the API's requests and answers (they make the OpenAPI document). Text fields
are plain strings here: the referral form checks them, with its Dutch messages."""

from datetime import date, datetime

from ninja import Field, Schema


class InwonerIn(Schema):
    voornaam: str
    tussenvoegsel: str = ""
    achternaam: str
    geboortedatum: date | None = None
    bsn: str = ""
    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    woonplaats: str = ""
    telefoon: str = ""
    email: str = ""
    doelgroep: str = Field(description="jongere, partner, alleenstaande_ouder, oudere, anders")
    uitkeringssituatie: str = "onbekend"


class ToestemmingIn(Schema):
    """The resident's consent: without it there is no referral (AVG art. 7)."""

    gegeven: bool
    datum: date
    wijze: str = Field(description="mondeling, schriftelijk of digitaal")
    omvang: str = Field(description="Waarvoor de toestemming geldt")


class AanmeldingIn(Schema):
    gebiedsteam: int = Field(description="Id van een gebiedsteam van het koppelaccount")
    inwoner: InwonerIn
    signaal: str
    wens: str = ""
    contactvoorkeur: str = Field("telefoon", description="telefoon, email of huisbezoek")
    contact_moment_voorkeur: str = ""
    toestemming: ToestemmingIn


class AanmeldingUit(Schema):
    id: int
    status: str
    status_omschrijving: str
    aangemeld_op: datetime


class Probleem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str


class Kerncijfers(Schema):
    pilot: int
    naam: str
    van: date
    tot: date
    peildatum: date
    voorlopig: bool
    drempel_kleine_aantallen: int
    cijfers: dict[str, int | str] = Field(
        description='Aantallen; een klein aantal (of wat het zou verraden) is "x".'
    )
    conversie: dict[str, int | str | None]
