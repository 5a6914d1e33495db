# SmartStock image: one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# mysqlclient builds from source (client headers, pkg-config, gcc);
# gettext compiles the translation catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        default-libmysqlclient-dev pkg-config gcc gettext libgomp1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exactly the locked tree, every file checked against its sha256; the build
# stops if the lock does not match requirements.txt (run `make lock`).
COPY requirements.txt requirements.lock ./
COPY scripts/lock.py scripts/
RUN python scripts/lock.py check \
    && pip install --require-hashes --no-deps -r requirements.lock

COPY . .
# The build needs a key to load production settings; it is not kept in the image.
RUN python manage.py compilemessages --ignore=.venv -v 0 \
    && DJANGO_SETTINGS_MODULE=smartstock.settings.production \
       DJANGO_SECRET_KEY=build-only-not-secret \
       python manage.py collectstatic --noinput -v 0

RUN useradd --create-home --uid 1000 smartstock \
    && mkdir -p /app/var \
    && chown -R smartstock:smartstock /app/var
USER smartstock

ENV DJANGO_SETTINGS_MODULE=smartstock.settings.production
EXPOSE 8000
# Timeout, worker recycling and the per-worker memory guard: gunicorn.conf.py
# (WEB_CONCURRENCY, GUNICORN_* variables; README "Web server").
CMD ["gunicorn", "smartstock.wsgi", "-c", "gunicorn.conf.py"]
