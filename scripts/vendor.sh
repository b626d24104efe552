#!/bin/sh
# Fetches the web UI's chart library from the npm registry, at the version
# and sha512 checksum pinned in scripts/vendor/package-lock.json, and copies
# its built files (with its licence) to web/vendor/, which `verbatim
# serve` serves as /static/vendor/. Code from elsewhere is never committed:
# web/vendor/ is not in git, this script makes it (`make vendor`).
#   uPlot 1.6.32 (MIT)        timelines   https://github.com/leeoniya/uPlot
# (The network is drawn as SVG by web/charts.js: Cytoscape.js, vendored
# before, cost the page 90-200 ms of CPU for its first canvas.)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BUILD:-$root/build}/vendor
out=$root/web/vendor
mkdir -p "$work" "$out"
cp "$root/scripts/vendor/package.json" "$root/scripts/vendor/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
m=$work/node_modules
# .js names: the server gives .js the JavaScript type modules need
cp "$m/uplot/dist/uPlot.esm.js" "$out/uplot.esm.js"
cp "$m/uplot/dist/uPlot.min.css" "$out/uplot.min.css"
cp "$m/uplot/LICENSE" "$out/uplot.LICENSE.txt"
rm -f "$out/cytoscape.esm.min.js" "$out/cytoscape.LICENSE.txt"
printf 'uplot %s\n' \
  "$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$m/uplot/package.json" | head -1)" > "$out/VERSIONS"
echo "vendor: $(tr '\n' ' ' < "$out/VERSIONS")-> web/vendor/" >&2
