# Recipes for this repository. `just` comes from npm (rust-just's linux-x64 build), so on a
# fresh clone after `npm ci`: `npm run -s just -- <recipe>` (or `just` if installed). Every recipe is a thin
# wrapper over an npm script or a standard tool, so CI and people run the same commands.
#
# External tools some recipes need (not installed by npm):
#   jsonnetfmt   fmt, fmt-check     (Debian/Ubuntu: apt-get install jsonnet)
#   tilt         dev, down, tilt-ci (https://docs.tilt.dev/install.html)
#   k3d          cluster-up/-down   (https://k3d.io; or create a kind cluster yourself)
#   tk           apply, drift       (Grafana Tanka, https://tanka.dev/install)

set shell := ["bash", "-euo", "pipefail", "-c"]

# A .env file (not committed) may set CHART_MIRROR, K8S_OPENAPI_MIRROR, RAIBID_SRC, ...
set dotenv-load := true

# Local cluster created by cluster-up (Tilt accepts the context k3d-<name>).
cluster := "platform"
registry_port := "5005"

# List the recipes.
default:
    @{{ just_executable() }} --list --unsorted

# Evaluate, schema-check and policy-check every environment (args go to tkts validate).
validate *args:
    npm run -s validate -- {{ args }}

# Print an environment's objects as YAML: `just show dev`.
show env *args:
    npm run -s show -- environments/{{ env }} {{ args }}

# Semantic diff of two environments: `just diff dev staging` (--summary, --json).
diff a b *args:
    npm run -s diff -- environments/{{ a }} environments/{{ b }} {{ args }}

# Vendor the Helm charts pinned in chartfile.yaml into charts/ (--frozen: fail if the lock would change).
vendor *args:
    npm run -s vendor -- {{ args }}

# Compile the TypeScript toolkit into dist/ (npm ci does it once; rerun after editing tools/).
build:
    npm run -s build

# Write every environment's objects into <dir>/environments-<env>/, one file per object (as tk export).
export dir="out":
    npm run -s export -- {{ dir }} environments/ -r --merge-strategy=replace-envs --format '{{{{env.metadata.name}}/{{{{.apiVersion}}.{{{{.kind}}-{{{{.metadata.name}}

# Format the Jsonnet in lib/ and environments/ (jsonnetfmt -i).
fmt:
    npm run -s fmt

# Check the Jsonnet formatting without changing files (jsonnetfmt --test).
fmt-check:
    npm run -s fmt-check

# Type-check, then run every test (Vitest).
test *args:
    npm test -- {{ args }}

# What CI runs: formatting, tests, chart lock, validation.
ci:
    npm run -s fmt-check
    npm test
    npm run -s vendor -- --frozen
    npm run -s validate

# Create a local k3d cluster with an image registry, both on 127.0.0.1 only (k3d must be installed).
cluster-up:
    command -v k3d >/dev/null || { echo "k3d is not installed: see https://k3d.io (or use kind: kind create cluster)" >&2; exit 1; }
    k3d cluster create {{ cluster }} --api-port 127.0.0.1:6550 --registry-create {{ cluster }}-registry:127.0.0.1:{{ registry_port }} --wait
    kubectl config use-context k3d-{{ cluster }}

# Delete the local k3d cluster and its registry.
cluster-down:
    command -v k3d >/dev/null || { echo "k3d is not installed: see https://k3d.io" >&2; exit 1; }
    k3d cluster delete {{ cluster }}

# Run environments/local on the local cluster with Tilt; args go to the Tiltfile: `just dev --raibid-src ../raibid-ci`.
dev *args: _tilt-ready
    tilt up -- {{ args }}

# Remove what `just dev` deployed.
down:
    tilt down

# Deploy once and exit when everything is ready (Tilt's CI mode); args go to the Tiltfile.
tilt-ci *args: _tilt-ready
    tilt ci -- {{ args }}

# What the Tiltfile needs: Tilt itself, and the pinned charts in charts/ (a no-op when they match the lock).
_tilt-ready:
    command -v tilt >/dev/null || { echo "tilt is not installed: see https://docs.tilt.dev/install.html" >&2; exit 1; }
    npm run -s vendor -- --frozen

# Apply an environment with real Tanka in first-install order (CRDs and namespaces, everything else,
# webhooks last; README "Applying an environment"): `just apply dev` (tk shows each diff and asks first).
apply env *args:
    command -v tk >/dev/null || { echo "tk (Grafana Tanka) is not installed: see https://tanka.dev/install" >&2; exit 1; }
    node scripts/apply.mjs environments/{{ env }} {{ args }}

# Show how a cluster differs from an environment (drift): `just drift production`.
drift env *args:
    command -v tk >/dev/null || { echo "tk (Grafana Tanka) is not installed: see https://tanka.dev/install" >&2; exit 1; }
    tk diff environments/{{ env }} {{ args }}
