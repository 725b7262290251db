"""No function of the application is longer than a screenful (60 lines). Run by `make lint`."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

GRENS = 60
APPS = ["werkcoach", "cases", "trajecten", "rapportage", "privacy", "demo", "scripts"]
ROOT = Path(__file__).resolve().parents[1]


def te_lang(root: Path = ROOT) -> list[str]:
    fouten = []
    for app in APPS:
        for pad in sorted((root / app).rglob("*.py")):
            if "/migrations/" in pad.as_posix():
                continue
            for knoop in ast.walk(ast.parse(pad.read_text(), filename=str(pad))):
                if isinstance(knoop, ast.FunctionDef | ast.AsyncFunctionDef):
                    lengte = (knoop.end_lineno or knoop.lineno) - knoop.lineno + 1
                    if lengte > GRENS:
                        plek = pad.relative_to(root).as_posix()
                        fouten.append(f"{plek}:{knoop.lineno}: {knoop.name} has {lengte} lines")
    return fouten


def main() -> int:
    fouten = te_lang()
    for fout in fouten:
        print(fout)
    print(
        f"{len(fouten)} functions over {GRENS} lines"
        if fouten
        else f"no function over {GRENS} lines"
    )
    return 1 if fouten else 0


if __name__ == "__main__":
    sys.exit(main())
