# Development image for the raibid-ci server and agent, built only by the Tiltfile when a
# raibid-ci checkout is there and live update is on (the default). The build context is the
# checkout; BIN names the binary (raibid-server, raibid-agent).
#
# Production images (crates/<x>/Dockerfile in raibid-ci) stay as they are: read-only root
# filesystem, non-root. This one runs as the same non-root user (65534), keeps the sources, the
# Cargo cache and the build output in /src, which that user owns, and runs the binary under
# dev-run, which restarts it whenever `cargo build` replaces it. Live update syncs crates/ into
# /src/crates and runs `cargo build`: seconds instead of an image build and a rollout.
FROM rust:1.83.0-slim-bookworm

ARG BIN
ENV BIN=${BIN} CARGO_HOME=/src/.cargo CARGO_TARGET_DIR=/src/target
WORKDIR /src
RUN chown 65534:65534 /src
COPY --chown=65534:65534 Cargo.toml Cargo.lock ./
COPY --chown=65534:65534 crates crates
USER 65534:65534
RUN test -n "$BIN" && cargo build --bin "$BIN"

# The supervisor (tests/tilt/dev-run.test.ts runs it): starts the binary, restarts it when the
# file changes (new inode, size or mtime), and exits with the binary's own status when it
# exits by itself, so an agent's Job still completes and a crashed server restarts as usual.
COPY --chmod=0755 <<'EOF' /usr/local/bin/dev-run
#!/bin/sh
set -u
bin="$1"
shift
stamp() { stat -c '%i %s %Y' "$bin" 2>/dev/null || echo missing; }
start() { "$bin" "$@" & pid=$!; }
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 0' TERM INT
last=$(stamp)
start "$@"
while :; do
  sleep 1
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"
    exit $?
  fi
  now=$(stamp)
  if [ "$now" != "$last" ] && [ "$now" != missing ]; then
    echo "dev-run: $bin changed, restarting" >&2
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    last=$now
    start "$@"
  fi
done
EOF

CMD ["sh", "-c", "exec dev-run \"$CARGO_TARGET_DIR/debug/$BIN\""]
