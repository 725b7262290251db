"""A Django storage backend that keeps files in the database (the ``Bestand`` table).

``WERKCOACH_OPSLAG=database`` (the default in production) makes it the default storage: the
reports and exports a worker makes are then visible to every web node, whatever its
``WERKCOACH_VAR_DIR``, without a shared filesystem, and the database backup includes them.
Files have no public URL: only views that check access serve them.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible


@deconstructible
class DatabaseOpslag(Storage):
    def _bestanden(self):
        from werkcoach.models import Bestand

        return Bestand.objects

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Files in the database are written with save(), not opened for it.")
        rij = self._bestanden().filter(naam=name).values_list("inhoud", flat=True).first()
        if rij is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(rij), name=name)

    def _save(self, name: str, content: File) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(
            deel.encode() if isinstance(deel, str) else deel for deel in content.chunks()
        )
        while True:
            try:
                with transaction.atomic():
                    self._bestanden().create(naam=name, inhoud=data, grootte=len(data))
                return name
            except IntegrityError:  # another process took the name between check and write
                name = self.get_available_name(name)

    def exists(self, name: str) -> bool:
        """A file, or a folder (a prefix of a file's name), as the file system storage has."""
        bestanden = self._bestanden()
        map = name.rstrip("/") + "/"
        return (
            bestanden.filter(naam=name).exists() or bestanden.filter(naam__startswith=map).exists()
        )

    def delete(self, name: str) -> None:
        self._bestanden().filter(naam=name).delete()

    def size(self, name: str) -> int:
        grootte = self._bestanden().filter(naam=name).values_list("grootte", flat=True).first()
        if grootte is None:
            raise FileNotFoundError(name)
        return grootte

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        map = path.strip("/") + "/" if path.strip("/") else ""
        mappen: set[str] = set()
        bestanden: list[str] = []
        for naam in self._bestanden().filter(naam__startswith=map).values_list("naam", flat=True):
            rest = naam[len(map) :]
            if "/" in rest:
                mappen.add(rest.split("/", 1)[0])
            else:
                bestanden.append(rest)
        return sorted(mappen), sorted(bestanden)

    def _tijd(self, name: str) -> datetime:
        tijd = self._bestanden().filter(naam=name).values_list("opgeslagen_op", flat=True).first()
        if tijd is None:
            raise FileNotFoundError(name)
        return tijd

    def get_created_time(self, name: str) -> datetime:
        return self._tijd(name)

    def get_modified_time(self, name: str) -> datetime:
        return self._tijd(name)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Stored files have no public URL; a view serves them.")
