# One image for every service of docker-compose.yml; each container runs its own gunicorn
# command (see `cookbook compose`). The working directory holds tenants/, which the mock
# tenant reads at start, and .cookbook/, where the services keep their SQLite files.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . .
RUN pip install . && mkdir -p .cookbook
