"""The instrumentenwaaier as described in the project plan's annex (seed 001).

Used to fill a new installation's catalogue; the functioneel beheerder maintains it afterwards.
Costs are indications for the demo, not contract prices.
"""

from decimal import Decimal

AANBIEDERS = {
    "WerkCorporatie": {"organisatie": "WerkCorporatie", "email": "info@werkcorporatie.example"},
    "ROC Friese Poort": {
        "organisatie": "ROC Friese Poort",
        "email": "leerwerkloket@rocfriesepoort.example",
    },
    "Concern voor Werk": {
        "organisatie": "Concern voor Werk",
        "email": "info@concernvoorwerk.example",
    },
    "Taalpunt Noordoostpolder": {
        "organisatie": "Taalpunt Noordoostpolder",
        "email": "taalpunt@bibliotheek.example",
    },
    "Carrefour": {"organisatie": "Carrefour", "email": "info@carrefour.example"},
    "Sportbedrijf Noordoostpolder": {"organisatie": None, "email": "beweging@sport.example"},
    "Schakelteams Flevoland": {"organisatie": None, "email": "schakelteams@rwf.example"},
    "RMT Flevoland": {"organisatie": None, "email": "rmt@flevoland.example"},
    "SBB": {"organisatie": None, "email": "praktijkverklaring@sbb.example"},
}

# (naam, aanbieder, categorie, sector, kosten, omschrijving, geschikt_voor)
INSTRUMENTEN = [
    (
        "SamenWerken",
        "WerkCorporatie",
        "intern",
        "",
        None,
        "Vier weken lang, een keer per week, werken inwoners samen aan hun CV en leren zij zich "
        "beter te presenteren.",
        "Inwoners van wie het CV niet op orde is of die zich beter willen leren presenteren.",
    ),
    (
        "Werk!",
        "WerkCorporatie",
        "intern",
        "",
        None,
        "Wekelijks samen vacatures zoeken, elkaar helpen met brieven en in gesprek gaan met "
        "werkgevers, tot een baan is gevonden.",
        "Inwoners die de stap naar de arbeidsmarkt kunnen maken.",
    ),
    (
        "SamenWerken Banenafspraak",
        "WerkCorporatie",
        "intern",
        "",
        None,
        "Training met UWV: CV, zoeken naar een baan en oefenen met presenteren.",
        "Inwoners uit de Banenafspraak.",
    ),
    (
        "Met het CV onder de arm",
        "WerkCorporatie",
        "intern",
        "",
        None,
        "Op basis van een vacaturewens of zoekprofiel zoekt de WerkCorporatie (met UWV als WSP "
        "Flevoland) actief een passende baan.",
        "Inwoners met een duidelijke vacaturewens.",
    ),
    (
        "On tour",
        "WerkCorporatie",
        "intern",
        "",
        None,
        "Bedrijfsbezoeken om te zien wat het werk inhoudt en wat werken oplevert (met UWV als WSP "
        "Flevoland).",
        "Inwoners die nog geen beeld hebben van werk in een sector.",
    ),
    (
        "In beweging",
        "Sportbedrijf Noordoostpolder",
        "extern",
        "",
        Decimal("450.00"),
        "Sporttrajecten in groepsverband, individueel of samen met een leefstijlcoach.",
        "Inwoners voor wie bewegen een eerste stap is naar meer structuur en contact.",
    ),
    (
        "Traject op maat",
        "WerkCorporatie",
        "extern",
        "",
        Decimal("1500.00"),
        "Een individueel ingekocht traject wanneer de expertise niet in huis is, onder meer bij "
        "psychische klachten.",
        "Inwoners die individuele begeleiding nodig hebben.",
    ),
    (
        "Loonwaarde",
        "WerkCorporatie",
        "extern",
        "",
        Decimal("600.00"),
        "Gericht onderzoek naar de loonwaarde en opname in het doelgroepregister.",
        "Inwoners die moeite hebben met het zelfstandig uitvoeren van regulier werk.",
    ),
    (
        "IPS-traject",
        "WerkCorporatie",
        "extern",
        "",
        Decimal("2000.00"),
        "Individuele plaatsing en steun, meestal vanuit contacten met de GGZ.",
        "Inwoners die niet zonder intensieve begeleiding stappen kunnen zetten.",
    ),
    (
        "Werknemersvaardigheden",
        "Concern voor Werk",
        "extern",
        "",
        Decimal("900.00"),
        "Met de methode WerkStap bouwen aan mkb-werknemersvaardigheden.",
        "Inwoners die werkfit willen worden.",
    ),
    (
        "Digitale vaardigheden",
        "Taalpunt Noordoostpolder",
        "extern",
        "",
        Decimal("75.00"),
        "Cursus digitale vaardigheden bij de bibliotheek, samen met het Taalpunt.",
        "Inwoners die niet digitaal vaardig zijn.",
    ),
    (
        "Nederlandse taal",
        "Taalpunt Noordoostpolder",
        "extern",
        "",
        Decimal("350.00"),
        "Taaltraining met het Taalpunt en ROC Friese Poort, of een individueel traject één op één.",
        "Inwoners die de Nederlandse taal beter willen beheersen.",
    ),
    (
        "Vakvaardigheden",
        "ROC Friese Poort",
        "extern",
        "",
        Decimal("1200.00"),
        "Ingekochte scholing om een vak te leren, van heftruck tot autoCAD of verkeersregelaar.",
        "Inwoners die een vak willen leren of kennis willen maken met een vak.",
    ),
    (
        "Schakelteam zorg",
        "Schakelteams Flevoland",
        "extern",
        "zorg",
        Decimal("800.00"),
        "Met werkgevers ontwikkelde trajecten om laagdrempelig en op maat op te leiden naar werk in "
        "de zorg.",
        "Inwoners met interesse in werk in de zorg.",
    ),
    (
        "Schakelteam logistiek",
        "Schakelteams Flevoland",
        "extern",
        "logistiek",
        Decimal("800.00"),
        "Met werkgevers ontwikkelde trajecten naar werk in de logistiek.",
        "Inwoners met interesse in werk in de logistiek.",
    ),
    (
        "Schakelteam techniek",
        "Schakelteams Flevoland",
        "extern",
        "techniek",
        Decimal("800.00"),
        "Met werkgevers ontwikkelde trajecten naar werk in de techniek.",
        "Inwoners met interesse in werk in de techniek.",
    ),
    (
        "Voorzieningen voor Nuggers",
        "RMT Flevoland",
        "regeling",
        "",
        None,
        "De weg naar het RMT, dat opleidingen en voorzieningen kan financieren die niet voorliggend zijn.",
        "Inwoners zonder uitkering (Nuggers).",
    ),
    (
        "Subsidie- en financieringsregelingen",
        "WerkCorporatie",
        "regeling",
        "",
        None,
        "Wijzen op regelingen als STAP en Groei Vooruit, en op de adviseurs van het LeerwerkLoket.",
        "Inwoners en werkgevers die scholing willen financieren.",
    ),
    (
        "Praktijkverklaring",
        "SBB",
        "regeling",
        "",
        Decimal("250.00"),
        "Een verklaring dat iemand werkzaamheden in de praktijk beheerst, gekoppeld aan het "
        "mbo-kwalificatiedossier; in afstemming met ROC Friese Poort.",
        "Inwoners met werkervaring zonder diploma.",
    ),
    (
        "Beroepentest",
        "ROC Friese Poort",
        "test",
        "",
        Decimal("95.00"),
        "Een test die interesses en passende beroepen in beeld brengt.",
        "Inwoners die nog niet weten welk werk of welke opleiding past.",
    ),
    (
        "Dilemmamanager",
        "ROC Friese Poort",
        "test",
        "",
        Decimal("120.00"),
        "Online instrument dat helpt bij keuzes over opleiding en werk.",
        "Inwoners die vastlopen in een keuze.",
    ),
    (
        "Open lessen en rondleiding ROC",
        "ROC Friese Poort",
        "orientatie",
        "",
        None,
        "Kennismaken met opleidingen, cursussen en trainingen op mbo-niveau; gesprekken en "
        "rondleidingen met het Leerwerkloket Flevoland.",
        "Inwoners die een opleiding overwegen.",
    ),
]
