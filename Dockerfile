# Production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    WERKCOACH_VAR_DIR=/var/lib/werkcoach \
    WERKCOACH_STATIC_ROOT=/app/staticfiles

# WeasyPrint needs Pango; DejaVu gives the PDFs a font with every Dutch character.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
# collectstatic needs settings that import; these values exist only during the build. The files
# go to WERKCOACH_STATIC_ROOT, part of the image, so every new image serves its own files.
RUN SECRET_KEY=build-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKL \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
 && useradd --system --home /var/lib/werkcoach werkcoach \
 && mkdir -p /var/lib/werkcoach && chown werkcoach /var/lib/werkcoach

USER werkcoach
EXPOSE 8000
CMD ["gunicorn", "werkcoach.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
