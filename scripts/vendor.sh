#!/bin/sh
# Fetches the web UI's chart libraries from the npm registry, at the versions
# and sha512 checksums pinned in scripts/vendor/package-lock.json, and copies
# their built files (with their licences) to web/vendor/, which `verbatim
# serve` serves as /static/vendor/ (cached a year by browsers: the names
# carry the version). Code from elsewhere is never committed: web/vendor/ is
# not in git, this script makes it (`make vendor`).
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
# .js names: the server gives .js the JavaScript type modules need. The
# names carry the version: `verbatim serve` lets browsers keep vendor/ files
# a year, so a new version must be a new name (web/charts.js names them).
ver() { sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$m/$1/package.json" | head -1; }
u=$(ver uplot) c=$(ver cytoscape)
rm -f "$out"/*.js "$out"/*.css "$out"/*.txt
cp "$m/uplot/dist/uPlot.esm.js" "$out/uplot-$u.esm.js"
cp "$m/uplot/dist/uPlot.min.css" "$out/uplot-$u.min.css"
cp "$m/uplot/LICENSE" "$out/uplot.LICENSE.txt"
cp "$m/cytoscape/dist/cytoscape.esm.min.mjs" "$out/cytoscape-$c.esm.min.js"
cp "$m/cytoscape/LICENSE" "$out/cytoscape.LICENSE.txt"
printf 'uplot %s\ncytoscape %s\n' "$u" "$c" > "$out/VERSIONS"
for f in "uplot-$u.esm.js" "uplot-$u.min.css" "cytoscape-$c.esm.min.js"; do
  grep -q "/static/vendor/$f'" "$root/web/charts.js" || {
    echo "vendor: web/charts.js does not name $f (the pinned version): change one or the other" >&2
    exit 1
  }
done
echo "vendor: $(tr '\n' ' ' < "$out/VERSIONS")-> web/vendor/" >&2
