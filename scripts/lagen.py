"""The app graph points one way: each app uses only the apps below it.

    werkcoach  (settings, users, organisations, access policy, audit, shared helpers)
      <- cases  <- trajecten  <- rapportage  <- uitwisseling  <- api  <- privacy  <- demo

Every import counts, also one inside a function or under ``TYPE_CHECKING``, and so do the
model references written as strings (``apps.get_model("cases", "Inwoner")``,
``ForeignKey("trajecten.Traject")``). Run by ``make lint``; exits 1 and lists each import that
points up. Migrations are left out: their history stays as it was applied.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LAGEN = [
    "werkcoach",
    "cases",
    "trajecten",
    "rapportage",
    "uitwisseling",
    "api",
    "privacy",
    "demo",
]
# The composition root wires every app together; it is the one place that may name them all.
WORTEL = {"werkcoach/urls.py", "werkcoach/settings.py", "werkcoach/celery.py"}
ROOT = Path(__file__).resolve().parents[1]


def _app(naam: str) -> str | None:
    eerste = naam.split(".")[0]
    return eerste if eerste in LAGEN else None


def _model_string(knoop: ast.Call) -> list[str]:
    """App labels named in ``get_model("app", "Model")``, ``get_model("app.Model")`` and model
    fields' string targets (``ForeignKey("app.Model")``, ``to="app.Model"``)."""
    functie = knoop.func
    naam = functie.attr if isinstance(functie, ast.Attribute) else getattr(functie, "id", "")
    waarden = [a.value for a in knoop.args if isinstance(a, ast.Constant)]
    waarden += [k.value.value for k in knoop.keywords if isinstance(k.value, ast.Constant)]
    strings: list[str] = [s for s in waarden if isinstance(s, str)]
    if naam == "get_model" and strings:
        return [strings[0].split(".")[0]]
    if len(strings) >= 2 and strings[0] in LAGEN and strings[1][:1].isupper():
        return [strings[0]]  # a model looked up through a wrapper: f("cases", "Inwoner")
    if naam in {"ForeignKey", "OneToOneField", "ManyToManyField"}:
        return [s.split(".")[0] for s in strings if "." in s]
    return []


def verwijzingen(pad: Path) -> list[tuple[int, str]]:
    boom = ast.parse(pad.read_text(), filename=str(pad))
    gevonden: list[tuple[int, str]] = []
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Import):
            gevonden += [(knoop.lineno, a.name) for a in knoop.names]
        elif isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
            gevonden.append((knoop.lineno, knoop.module))
        elif isinstance(knoop, ast.Call):
            gevonden += [(knoop.lineno, s) for s in _model_string(knoop)]
    return gevonden


def overtredingen(root: Path = ROOT) -> list[str]:
    fouten = []
    for app in LAGEN:
        for pad in sorted((root / app).rglob("*.py")) if (root / app).is_dir() else []:
            relatief = pad.relative_to(root).as_posix()
            if "/migrations/" in relatief or relatief in WORTEL:
                continue
            for regel, naam in verwijzingen(pad):
                doel = _app(naam)
                if doel and LAGEN.index(doel) > LAGEN.index(app):
                    fouten.append(f"{relatief}:{regel}: {app} uses {naam} ({doel} lies above)")
    return fouten


def main() -> int:
    fouten = overtredingen()
    for fout in fouten:
        print(fout)
    if fouten:
        print(f"{len(fouten)} imports point up the app graph: " + " <- ".join(LAGEN))
        return 1
    print("app graph one-way: " + " <- ".join(LAGEN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
