FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml ./
COPY protos ./protos
COPY services ./services
COPY gateway ./gateway
RUN pip install --no-cache-dir '.[postgres,mysql]'
ENV PYTHONUNBUFFERED=1
