# Alianza: one image for the web server, the task workers and the periodic commands.
#   docker build -t alianza .            the application (gunicorn by default)
#   docker build -t alianza-proxy --target proxy .   Caddy with the static files
# See docs/deploy.md and compose.yaml.

FROM python:3.13-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint (the library's PDFs) draws text with Pango.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md manage.py ./
COPY alianza ./alianza
RUN python -m venv /venv && /venv/bin/pip install ".[s3,rq]"
ENV PATH=/venv/bin:$PATH DJANGO_SETTINGS_MODULE=alianza.settings STATIC_ROOT=/app/static
# Static files and compiled translations are part of the image; nothing is written at start.
RUN ALIANZA_DATA_DIR=/tmp/build SECRET_KEY=build-only python manage.py i18n_compile \
    && ALIANZA_DATA_DIR=/tmp/build SECRET_KEY=build-only python manage.py collectstatic \
       --noinput --verbosity 0 \
    && rm -rf /tmp/build

# The reverse proxy: Caddy serving /static/ itself, passing the rest to the web servers.
FROM caddy:2-alpine AS proxy
COPY --from=build /app/static /srv/static
COPY deploy/Caddyfile /etc/caddy/Caddyfile

FROM python:3.13-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=alianza.settings STATIC_ROOT=/app/static ALIANZA_DATA_DIR=/data \
    LOG_FORMAT=json
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin alianza \
    && mkdir /data && chown alianza /data
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
COPY deploy/periodic.sh /app/deploy/periodic.sh
WORKDIR /app
USER alianza
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/health/', timeout=4)"
CMD ["gunicorn", "alianza.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--timeout", "60"]
