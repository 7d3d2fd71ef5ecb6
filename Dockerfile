# syntax=docker/dockerfile:1
# llm-policy-proxy container image.
#
#   docker build -t llm-policy-proxy .
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp -e LLM_PROXY_UPSTREAM_URL=... llm-policy-proxy
#
# Runtime contract:
# - The root filesystem may be read-only. Everything the proxy writes (Prometheus multiprocess
#   files with --workers > 1, temp files) goes under /tmp, so /tmp MUST be a writable volume
#   (`--tmpfs /tmp`, or an emptyDir in Kubernetes).
# - The policy is /etc/llm-proxy/config.yaml (the repo's config.yaml); mount a file over it or
#   point LLM_PROXY_CONFIG elsewhere. LLM_PROXY_HOST / LLM_PROXY_PORT / LLM_PROXY_WORKERS set the
#   listener and the number of uvicorn worker processes.
# - The proxy runs as PID 1 (exec-form ENTRYPOINT, no shell) and gets SIGTERM directly; it then
#   drains for up to server.drain_timeout_s (30 s in the default policy), so give the runtime a
#   longer grace period than that (`docker stop -t 40`, terminationGracePeriodSeconds: 40).
# - Other commands: `docker run IMAGE check` validates the policy, `docker run IMAGE --help`.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder

# Compilers only for a dependency without a wheel for the target platform; this stage is discarded.
# DL3008 (pin apt versions): Debian drops superseded package versions from its mirrors, so exact
# pins break the build at the next point release, and nothing from this stage reaches the final image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

# Dependencies come from pyproject.toml (there is no lock file); only the package sources are copied.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY proxy ./proxy
COPY llm_proxy_mock ./llm_proxy_mock
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir . \
    && /opt/venv/bin/python -m compileall -q /opt/venv/lib

# tiktoken fetches its BPE files on first use; bake the OpenAI encodings in so the container
# counts tokens exactly without egress (failure is not fatal: the proxy then estimates).
# DL3064 (sensitive data in ENV): a false positive on the substring TOKEN; the value is a directory.
# hadolint ignore=DL3064
ENV TIKTOKEN_CACHE_DIR=/opt/tiktoken
RUN /opt/venv/bin/python -c "import tiktoken; [tiktoken.get_encoding(n) for n in ('o200k_base', 'cl100k_base')]"


FROM ${PYTHON_IMAGE}

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="llm-policy-proxy" \
      org.opencontainers.image.description="OpenAI-compatible LLM gateway that applies a YAML policy to every call" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11-slim"

# A system user with no login shell and no home; numeric ids so runAsNonRoot can verify them.
RUN groupadd --system --gid 10001 llmproxy \
    && useradd --system --no-log-init --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin llmproxy

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /opt/tiktoken /opt/tiktoken
COPY config.yaml /etc/llm-proxy/config.yaml

# DL3064: as in the builder, TIKTOKEN_CACHE_DIR is a directory, not a secret.
# hadolint ignore=DL3064
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TMPDIR=/tmp \
    TIKTOKEN_CACHE_DIR=/opt/tiktoken \
    LLM_PROXY_CONFIG=/etc/llm-proxy/config.yaml \
    LLM_PROXY_HOST=0.0.0.0 \
    LLM_PROXY_PORT=8080 \
    LLM_PROXY_WORKERS=1

# The only writable place on a read-only root filesystem; relative paths in a policy land here too.
WORKDIR /tmp
USER 10001:10001
EXPOSE 8080

# No curl in slim: Python's urllib; an HTTP error or refused connection raises, so the exit code is 1.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('LLM_PROXY_PORT', '8080') + '/healthz', timeout=4)"]

ENTRYPOINT ["llm-proxy"]
CMD ["serve"]
