"""The app graph points one way (scripts/lagen.py, run by `make lint`)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("lagen", ROOT / "scripts" / "lagen.py")
assert spec and spec.loader
lagen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lagen)


def test_the_project_has_no_import_that_points_up():
    assert lagen.overtredingen() == []


def test_the_check_sees_imports_in_functions_and_models_named_as_strings(tmp_path):
    for app in ("werkcoach", "cases", "trajecten"):
        (tmp_path / app).mkdir()
    (tmp_path / "werkcoach" / "access.py").write_text(
        "from django.apps import apps\n\n"
        "def regel():\n"
        "    from cases.models import Inwoner\n"
        "    return apps.get_model('trajecten', 'Overdracht'), Inwoner\n"
    )
    (tmp_path / "cases" / "models.py").write_text(
        "from django.db import models\n\n"
        "class Contact(models.Model):\n"
        "    traject = models.ForeignKey('trajecten.Traject', on_delete=models.CASCADE)\n"
    )
    (tmp_path / "trajecten" / "models.py").write_text("from cases.models import Inwoner\n")
    gevonden = lagen.overtredingen(tmp_path)
    assert [regel.split(": ")[0] for regel in gevonden] == [
        "werkcoach/access.py:4",
        "werkcoach/access.py:5",
        "cases/models.py:4",
    ]


def test_no_function_of_the_application_is_over_sixty_lines(tmp_path):
    spec2 = importlib.util.spec_from_file_location("omvang", ROOT / "scripts" / "omvang.py")
    assert spec2 and spec2.loader
    omvang = importlib.util.module_from_spec(spec2)
    spec2.loader.exec_module(omvang)
    assert omvang.te_lang() == []
    (tmp_path / "cases").mkdir()
    lang = "def lang():\n" + "    x = 1\n" * 60
    (tmp_path / "cases" / "views.py").write_text(lang)
    assert omvang.te_lang(tmp_path) == ["cases/views.py:1: lang has 61 lines"]
