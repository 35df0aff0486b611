#!/usr/bin/env bash
# Installs the JavaScript runtimes the conformance tests (test/runtimes/) run
# the packed package in, each from the npm registry into its own folder under
# .cache/runtimes/ (git-ignored; DYNAPORT_RUNTIMES_DIR names another):
#
#   node22/, node24/  node-linux-<arch>: the Node binary is bin/node
#   bun/              bun: the binary ships in @oven/bun-linux-<arch>
#   deno/             deno: the binary ships in @deno/linux-<arch>
#   wrangler/         wrangler (its esbuild bundles the Worker) and the
#                     miniflare + workerd it depends on (they run it)
#
# The binaries come inside the platform packages, so nothing depends on an
# install script having run (npm may be set to skip them). A folder whose
# stamp names the pinned version is left alone, so a second run is quick.
#
# `--with-chromium` also installs Debian's chromium package when
# /usr/bin/chromium is missing (needs root and apt; CI passes it).
#
# `bash scripts/install-runtimes.sh [--with-chromium]`
set -euo pipefail
cd "$(dirname "$0")/.."

# DYNAPORT_RUNTIMES_DIR moves the folder (the tests read the same variable).
CACHE=${DYNAPORT_RUNTIMES_DIR:-.cache/runtimes}
case "$(uname -m)" in
  x86_64 | amd64) ARCH=x64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) echo "install-runtimes: no npm runtime packages for $(uname -m)" >&2; exit 1 ;;
esac

# name -> the packages it installs, pinned so that every machine tests the same builds.
declare -A PACKAGES=(
  [node22]="node-linux-$ARCH@22.23.5"
  [node24]="node-linux-$ARCH@24.22.3"
  [bun]="bun@1.4.5"
  [deno]="deno@2.9.6"
  [wrangler]="wrangler@4.86.0"
)

failed=0
install_one() {
  local name=$1 packages=$2 dir="$CACHE/$1"
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$packages" ]; then
    echo "install-runtimes: $name ($packages) already installed"
    return 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "install-runtimes: installing $name ($packages)"
  # A package.json of its own, so npm does not walk up to the repository's.
  echo '{ "private": true }' >"$dir/package.json"
  # shellcheck disable=SC2086 -- $packages is a space-separated list on purpose
  if npm install --prefix "$dir" --no-audit --no-fund --loglevel=error $packages; then
    echo "$packages" >"$dir/.installed"
  else
    echo "install-runtimes: installing $name failed" >&2
    failed=1
  fi
}

for name in node22 node24 bun deno wrangler; do
  install_one "$name" "${PACKAGES[$name]}"
done

if [ "${1:-}" = "--with-chromium" ] && [ ! -x /usr/bin/chromium ]; then
  echo "install-runtimes: installing Debian's chromium"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }; then
    echo "install-runtimes: installing chromium failed" >&2
    failed=1
  fi
fi

exit "$failed"
