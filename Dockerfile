# etl as a container for scheduled batch jobs (cron, Kubernetes CronJob).
#
#   podman build --pull=never --isolation=chroot -t etl:dev .
#   podman run --rm -e MSSQL_PASSWORD -e PG_URL -v ./pipelines:/etl/pipelines:ro \
#     etl:dev run pipelines/bi_credores.json
#
# On a machine without a registry, ../shared/tools/container-base makes the Debian base image.
# Where `podman run` cannot manage cgroups, check the image through a mount instead:
#   dir=$(podman image mount etl:dev) && chroot "$dir" /usr/local/bin/etl --version
#   podman image unmount etl:dev
# etl writes its rejects (and --report) under /etl, its working directory, which it owns.
#
# The image holds etl only; the SQL Server simulator (tools/mssql-sim) is a test tool and is
# built on the host (scripts/demo.sh).

# ---- build: the compilers and -dev packages stay in this stage ----
FROM debian:bookworm-slim AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config libboost-dev libfmt-dev libcli11-dev \
      nlohmann-json3-dev libspdlog-dev libtbb-dev freetds-dev libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Every directory the top-level CMakeLists.txt adds must be here for cmake to configure, even
# those whose targets are not built (tools, examples, bench); tests are off.
COPY CMakeLists.txt ./
COPY tools tools
COPY examples examples
COPY bench bench
COPY engine engine
COPY drivers drivers
COPY cli cli
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
 && cmake --build /build --target etl \
 && strip /build/bin/etl

# ---- runtime: the shared libraries etl links, and nothing to build with ----
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
# apt-get clean: a base image without the docker-clean hook keeps the downloaded .debs and
# apt's binary caches (about 100 MB) otherwise.
# tini is PID 1 so that SIGTERM/SIGINT (podman stop, a CronJob's deadline, Ctrl-C) stop etl at
# once: the kernel drops those signals for a PID 1 that has no handler of its own.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libct4 freetds-common libpq5 libtbb12 libfmt9 libspdlog1.10 ca-certificates tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && groupadd --gid 10001 etl \
 && useradd --uid 10001 --gid etl --no-log-init --home-dir /etl --no-create-home \
      --shell /usr/sbin/nologin etl \
 && install -d -o etl -g etl /etl
COPY LICENSE /usr/share/doc/etl/LICENSE
COPY pipelines /etl/pipelines
COPY --from=build /build/bin/etl /usr/local/bin/etl
# A numeric user, so that Kubernetes' runAsNonRoot can verify it without a passwd lookup.
USER 10001:10001
WORKDIR /etl
ENV LANG=C.UTF-8
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/etl"]
CMD ["--help"]
