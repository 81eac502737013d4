FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /srv/app

COPY pyproject.toml ./
COPY engine ./engine
COPY app ./app
RUN pip install --disable-pip-version-check -e . \
    && useradd --system --uid 10001 --no-create-home explorer
COPY templates ./templates
COPY static ./static

USER explorer
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
