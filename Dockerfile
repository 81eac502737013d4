# Browser code for /docs (Swagger UI), fetched by npm at the version and SHA-512 that
# scripts/vendor.py pins; only the vendored files reach the final image.
FROM python:3.11-slim AS vendor
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/vendor.py scripts/
RUN python scripts/vendor.py

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    BPX_HOST=0.0.0.0 PORT=8000 BPX_ROOT=/srv/app
WORKDIR /srv/app

# Dependencies first, at the tested versions: this layer survives changes to the code.
COPY requirements.lock ./
RUN pip install --disable-pip-version-check -r requirements.lock \
    && useradd --system --uid 10001 --no-create-home explorer
# The app itself, installed as a package (not editable); templates and static files beside it.
COPY pyproject.toml ./
COPY engine ./engine
COPY app ./app
RUN pip install --disable-pip-version-check --no-deps . && rm -rf build *.egg-info
COPY templates ./templates
COPY static ./static
COPY --from=vendor /src/static/vendor ./static/vendor

USER explorer
EXPOSE 8000
# slim has no curl: probe /healthz with the Python that is already there.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2).status == 200 else 1)"]
# BPX_WORKERS sets the number of worker processes (default: one per core).
CMD ["backprop-explorer"]
