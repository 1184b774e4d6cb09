# Builds the ratsinfo binary and runs it; see docker-compose.yml for PostgreSQL.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY migrations migrations
COPY demo demo
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/ratsinfo --create-home ratsinfo
COPY --from=build /src/target/release/ratsinfo /usr/local/bin/ratsinfo
USER ratsinfo
WORKDIR /var/lib/ratsinfo
ENV RATSINFO_BIND=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["ratsinfo"]
CMD ["serve", "--demo"]
