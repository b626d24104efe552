#!/bin/sh
# Fetches the web UI's chart libraries from the npm registry, at the versions
# and sha512 checksums pinned in scripts/vendor/package-lock.json, and copies
# their built files (with their licences) to web/vendor/, which `verbatim
# serve` serves as /static/vendor/. Code from elsewhere is never committed:
# web/vendor/ is not in git, this script makes it (`make vendor`).
#   uPlot 1.6.32 (MIT)        timelines   https://github.com/leeoniya/uPlot
#   Cytoscape.js 3.35.0 (MIT) networks    https://github.com/cytoscape/cytoscape.js
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
cp "$m/cytoscape/dist/cytoscape.esm.min.mjs" "$out/cytoscape.esm.min.js"
cp "$m/cytoscape/LICENSE" "$out/cytoscape.LICENSE.txt"
printf 'uplot %s\ncytoscape %s\n' \
  "$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$m/uplot/package.json" | head -1)" \
  "$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$m/cytoscape/package.json" | head -1)" > "$out/VERSIONS"
echo "vendor: $(tr '\n' ' ' < "$out/VERSIONS")-> web/vendor/" >&2
