# The pilot history the report tests use, for comparing the API's figures with the reports.
from tests.rapportage.conftest import geschiedenis  # noqa: F401
