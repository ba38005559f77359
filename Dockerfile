# newsdesk: the API (uvicorn) and the Slack bot (Socket Mode) from one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The CPU build of torch: for ==2.13.0 pip prefers 2.13.0+cpu here over PyPI's multi-GB CUDA build.
    PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu \
    # The embedding model and the spaCy pipeline ship as pip packages; nothing is fetched at run time.
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    NEWSDESK_INDEX_DIR=/data/index \
    PATH=/app/.venv/bin:$PATH

WORKDIR /app
COPY pyproject.toml ./
COPY index/ index/
COPY service/ service/

# The same steps as `make install` (tests/test_compose.py keeps them identical).
RUN python3 -m venv .venv
RUN .venv/bin/python -m pip install torch==2.13.0
RUN .venv/bin/python -m pip install -e '.[dev]'

# The seed corpus is indexed at build time; a new named volume mounted at /data/index starts with it.
COPY seeds/ seeds/
RUN useradd --create-home --uid 10001 newsdesk \
    && python -c "from service.engine import Newsdesk; from service.settings import Settings; Newsdesk.open(Settings.from_env().index_dir)" \
    && chown -R newsdesk:newsdesk /data
USER newsdesk

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
CMD ["uvicorn", "service.api:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
