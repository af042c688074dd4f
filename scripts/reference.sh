#!/usr/bin/env bash
# Builds the API reference of the modules a chapter is written in (Notebook, Figures, Learning,
# Models, Captions) with DocC and publishes it as a static site in output/reference/.
#
# It reads the release build's module files (no second compile): swift-symbolgraph-extract lists
# each module's public declarations with their doc comments, `docc convert` turns them and the
# module's article (docs/reference/<Module>.docc) into an archive, and `docc merge` joins the five
# under one landing page. The pages are a script-driven DocC site whose links start at
# /reference/: serve output/ from a web server's root (e.g. `python3 -m http.server
# -d output`); opened from file://, its first page says how to read it.
#
# Usage: scripts/reference.sh [output-folder]   (default output/reference; SWIFT may name swift)
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
destination=${1:-output/reference}
modules=(Notebook Figures Learning Models Captions)
work=.build/reference

bin=$("$SWIFT" build -c release --show-bin-path)
for module in "${modules[@]}"; do
    [[ -f "$bin/Modules/$module.swiftmodule" ]] || { echo "reference: $bin/Modules/$module.swiftmodule missing: run \`make build\` first" >&2; exit 1; }
done
# The C modules the Swift modules import, as the build found them.
c_modules=(-I Sources/CCairo -I Sources/CZlib -I Sources/CCrypto -Xcc "-fmodule-map-file=$bin/CKernels.build/module.modulemap")
for flag in $(pkg-config --cflags-only-I cairo); do c_modules+=(-Xcc "$flag"); done
triple=$("$SWIFT" -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')

rm -rf "$work"
mkdir -p "$work"
archives=()
for module in "${modules[@]}"; do
    mkdir -p "$work/symbols/$module"
    "$SWIFT" symbolgraph-extract -module-name "$module" -target "$triple" -I "$bin/Modules" "${c_modules[@]}" \
        -minimum-access-level public -output-dir "$work/symbols/$module"
    docc convert "docs/reference/$module.docc" --additional-symbol-graph-dir "$work/symbols/$module" \
        --output-path "$work/$module.doccarchive" --fallback-display-name "$module" \
        --fallback-bundle-identifier "latent.$module" --transform-for-static-hosting --hosting-base-path reference \
        > /dev/null
    archives+=("$work/$module.doccarchive")
done
docc merge "${archives[@]}" --output-path "$work/Latent.doccarchive" \
    --synthesized-landing-page-name "Latent API reference" --synthesized-landing-page-kind "Modules" > /dev/null

# The archive's own root page is DocC's "page not found"; the reference starts at its landing page.
# Opened from file://, where the DocC pages cannot load their data, it says how to read them instead.
cat > "$work/Latent.doccarchive/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Latent API reference</title>
<script>if (location.protocol !== "file:") location.replace("documentation/");</script></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5">
<h1>Latent API reference</h1>
<p>The reference is a DocC site: its pages load their content with scripts, which browsers allow only
over HTTP. Serve the site and open it there, for example:</p>
<pre>python3 -m http.server -d output 8000   # then open http://127.0.0.1:8000/reference/</pre>
<p>The same reference is the doc comments in
<code>Sources/Notebook</code>, <code>Figures</code>, <code>Learning</code>, <code>Models</code> and
<code>Captions</code>, and the articles in <code>docs/reference/</code>.</p>
</body></html>
HTML

# Swap the new reference in whole, so a reader never sees half of one.
mkdir -p "$(dirname "$destination")"
rm -rf "$destination.new" "$destination.old"
cp -R "$work/Latent.doccarchive" "$destination.new"
[[ -e "$destination" ]] && mv "$destination" "$destination.old"
mv "$destination.new" "$destination"
rm -rf "$destination.old"
count=$(find "$destination/data/documentation" -name '*.json' | wc -l)
echo "reference: $count pages for ${modules[*]} in $destination/ (serve output/ over HTTP and open /reference/documentation/)"
