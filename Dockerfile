# Kompas as a container image: `docker build -t kompas .` (or `podman build`).
# Three stages: the Rust build, the NL Design System CSS from npm, and a small
# Debian runtime that runs as an unprivileged user. See deploy/README.md.

# ---- 1. build the binary (release profile: see Cargo.toml) ----
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p kompas \
 && install -D target/release/kompas /out/kompas

# ---- 2. the NL Design System CSS (the only npm package the product serves) ----
FROM node:20-bookworm-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ---- 3. runtime ----
FROM debian:bookworm-slim
# ca-certificates: single sign-on talks HTTPS to the identity provider.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/kompas --create-home --shell /usr/sbin/nologin kompas
COPY --from=build /out/kompas /usr/local/bin/kompas
COPY --from=assets /assets/node_modules/@utrecht /usr/share/kompas/assets/@utrecht
ENV KOMPAS_LISTEN=0.0.0.0:8080 \
    KOMPAS_DATA_DIR=/var/lib/kompas \
    KOMPAS_ASSETS_DIR=/usr/share/kompas/assets
USER kompas
WORKDIR /var/lib/kompas
VOLUME /var/lib/kompas
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/kompas", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/kompas"]
CMD ["serve"]
