# Production image: gunicorn serving Django (static files through whitenoise).
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COORD_ENV=production \
    COORD_DATA_DIR=/var/lib/coord \
    COORD_STATIC_ROOT=/app/staticfiles

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app coord

WORKDIR /app
COPY pyproject.toml README.md ./
COPY coord ./coord
COPY sharing_policies ./sharing_policies
COPY locale ./locale
COPY manage.py ./
RUN pip install --no-cache-dir . \
    && mkdir -p /var/lib/coord \
    && chown coord /var/lib/coord \
    && chmod 700 /var/lib/coord

# collectstatic needs settings that load; these build-time values are never used at run time.
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret \
    COORD_MASTER_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    COORD_AUDIT_SIGNING_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput

USER coord
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "coord.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
