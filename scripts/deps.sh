#!/bin/sh
# Installs the Debian 12 packages verbatim builds and tests with.
# As root: apt-get installs what is missing. Otherwise: names what to install.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev \
libutf8proc-dev libstemmer-dev libjansson-dev libsqlite3-dev libxml2-dev libssl-dev \
libcmocka-dev iso-codes wamerican libmicrohttpd-dev libcurl4-openssl-dev \
libpq-dev postgresql curl python3"
# `deps.sh vendor` adds npm (for `make vendor`, the web UI's chart libraries);
# `deps.sh browser` adds it and Debian's chromium, for the browser test.
# A Node.js installed otherwise (its own npm on PATH) is used as it is.
case "${1:-}" in browser) PKGS="$PKGS chromium" ;; esac
case "${1:-}" in vendor | browser)
  command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm" ;;
esac
missing=""
for p in $PKGS; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "deps: missing Debian packages:$missing" >&2
  echo "deps: run as root: apt-get install$missing" >&2
  exit 1
fi
