FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    BPX_HOST=0.0.0.0 PORT=8000
WORKDIR /srv/app

COPY pyproject.toml ./
COPY engine ./engine
COPY app ./app
RUN pip install --disable-pip-version-check -e . \
    && useradd --system --uid 10001 --no-create-home explorer
COPY templates ./templates
COPY static ./static
COPY scripts ./scripts
# Swagger UI for /docs, at the version and hash scripts/vendor.py pins (not kept in git).
RUN python scripts/vendor.py

USER explorer
EXPOSE 8000
# slim has no curl: probe /healthz with the Python that is already there.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2).status == 200 else 1)"]
# BPX_WORKERS sets the number of worker processes (default: one per core).
CMD ["backprop-explorer"]
