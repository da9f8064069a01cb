#!/usr/bin/env bash
# Installs the real tools the tests and the drift job run, the conventional way, at pinned versions
# (the same versions the offline copies in ../shared/tools have; see tests/helpers/ref-tools.ts):
#   tk, go-jsonnet, kubeconform  `go install module@version`: Go's checksum database verifies every
#                                module's digest, so a moved tag cannot change what is built
#   tilt                         the release archive, checked against the sha256 the release publishes
#   kube-apiserver, etcd         setup-envtest (a module version, like the Go tools above), which checks the
#                                archive against the SHA-512 in its release index, read at a controller-tools
#                                release tag rather than from a branch
# Usage: install-tools.sh [tool...]   (default: all). Needs Go (actions/setup-go) for all but tilt.
# Binaries go to $TOOLS_DIR (default $RUNNER_TEMP/tools); TK_BIN, TILT_BIN, ... are written to
# $GITHUB_ENV when it is set (tests/helpers/ref-tools.ts reads them), else printed.
set -euo pipefail

TANKA_VERSION=v0.38.0
GO_JSONNET_VERSION=v0.22.0
KUBECONFORM_VERSION=v0.7.0
TILT_VERSION=0.37.6
ENVTEST_K8S_VERSION=1.32.0
SETUP_ENVTEST_VERSION=v0.25.1
ENVTEST_INDEX=https://raw.githubusercontent.com/kubernetes-sigs/controller-tools/v0.22.0/envtest-releases.yaml

dir="${TOOLS_DIR:-${RUNNER_TEMP:-/tmp}/tools}"
mkdir -p "$dir"
export GOBIN="$dir"

record() { # NAME path
  if [ -n "${GITHUB_ENV:-}" ]; then echo "$1=$2" >> "$GITHUB_ENV"; else echo "$1=$2"; fi
}

install_tk() {
  go install "github.com/grafana/tanka/cmd/tk@${TANKA_VERSION}"
  record TK_BIN "$dir/tk"
}

install_go_jsonnet() {
  # Its command is also called jsonnet: keep it apart from the C++ jsonnet the tests compare with.
  GOBIN="$dir/go-jsonnet.d" go install "github.com/google/go-jsonnet/cmd/jsonnet@${GO_JSONNET_VERSION}"
  ln -sf "$dir/go-jsonnet.d/jsonnet" "$dir/go-jsonnet"
  record GO_JSONNET_BIN "$dir/go-jsonnet"
}

install_kubeconform() {
  go install "github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}"
  record KUBECONFORM_BIN "$dir/kubeconform"
}

install_tilt() {
  local base="https://github.com/tilt-dev/tilt/releases/download/v${TILT_VERSION}"
  local archive="tilt.${TILT_VERSION}.linux.x86_64.tar.gz"
  local tmp
  tmp="$(mktemp -d)"
  curl -fsSL -o "$tmp/$archive" "$base/$archive"
  curl -fsSL -o "$tmp/checksums.txt" "$base/checksums.txt"
  (cd "$tmp" && grep " ${archive}\$" checksums.txt | sha256sum --check --strict)
  tar -xzf "$tmp/$archive" -C "$dir" tilt
  rm -rf "$tmp"
  record TILT_BIN "$dir/tilt"
}

install_kube_apiserver() {
  local assets
  assets="$(go run "sigs.k8s.io/controller-runtime/tools/setup-envtest@${SETUP_ENVTEST_VERSION}" use "$ENVTEST_K8S_VERSION" --index "$ENVTEST_INDEX" --bin-dir "$dir/envtest" -p path)"
  record KUBE_APISERVER_BIN "$assets/kube-apiserver"
  record ETCD_BIN "$assets/etcd"
}

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(tk go-jsonnet kubeconform tilt kube-apiserver)
for t in "${tools[@]}"; do
  case "$t" in
    tk) install_tk ;;
    go-jsonnet) install_go_jsonnet ;;
    kubeconform) install_kubeconform ;;
    tilt) install_tilt ;;
    kube-apiserver) install_kube_apiserver ;;
    *) echo "install-tools.sh: unknown tool $t (tk, go-jsonnet, kubeconform, tilt, kube-apiserver)" >&2; exit 2 ;;
  esac
done
