# etl as a container for scheduled batch jobs (cron, Kubernetes CronJob).
#
#   podman build --pull=never --isolation=chroot -t etl:dev .
#   podman run --rm -e MSSQL_PASSWORD -e PG_URL -v ./pipelines:/etl/pipelines:ro \
#     etl:dev run pipelines/bi_credores.json
#
# On a machine without a registry, ../shared/tools/container-base makes the Debian base image.

FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config libboost-dev libfmt-dev libcli11-dev \
      nlohmann-json3-dev libspdlog-dev libtbb-dev freetds-dev libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cli cli
COPY engine engine
COPY drivers drivers
COPY examples examples
COPY tools tools
COPY bench bench
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
 && cmake --build /build --target etl mssql-sim

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libct4 freetds-common libpq5 libtbb12 libfmt9 libspdlog1.10 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /etl --create-home etl
COPY --from=build /build/bin/etl /usr/local/bin/etl
COPY --from=build /build/bin/mssql-sim /usr/local/bin/mssql-sim
COPY pipelines /etl/pipelines
USER etl
WORKDIR /etl
ENV LANG=C.UTF-8
ENTRYPOINT ["/usr/local/bin/etl"]
CMD ["--help"]
