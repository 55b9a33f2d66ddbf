#!/usr/bin/env bash
# Waymark against Hugo on the project's generated corpus.
#
#   bench/compare.sh [PAGES ...]        # default: 1000 10000 20000; RUNS=5 by default
#
# Builds the release binaries, writes the corpus (waymark-corpus, seed 1) for each size
# and, when `hugo` is on PATH (apt-get install -y hugo), the same pages as a minimal Hugo
# site (section index.md renamed _index.md, one plain layout, --minify, no taxonomies or
# feeds). Builds alternate Waymark/Hugo, each into a fresh output folder, timed by
# /usr/bin/time (apt-get install -y time). Prints medians: wall, CPU (user+sys), peak
# RSS, output bytes and files, search-index bytes and files, and the ratio ours/Hugo.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 20000)
runs=${RUNS:-5}
# waymark and the corpus generator (crates/waymark-corpus), both into target/release/
cargo build --release --workspace --bins -q
waymark=$PWD/target/release/waymark
corpus=$PWD/target/release/waymark-corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
have_hugo=$(command -v hugo >/dev/null && echo 1 || echo 0)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time one command: prints "wall cpu rss_kb"
timed() { /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>&1; awk '{printf "%s %.2f %s\n", $1, $2+$3, $4}' "$work/t"; }

printf '| pages | tool | wall s | CPU s | peak RSS MB | output MB | files | search MB | search files | wall ours/Hugo |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  site=$work/site-$n
  "$corpus" --pages "$n" --seed 1 --out "$site" >/dev/null 2>&1
  if [ "$have_hugo" = 1 ]; then
    hsite=$work/hugo-$n
    mkdir -p "$hsite/layouts/_default"
    cp -r "$site/content" "$hsite/content"
    find "$hsite/content" -name index.md -execdir mv index.md _index.md \;
    cat > "$hsite/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "corpus"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
TOML
    for t in single list; do
      echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>' > "$hsite/layouts/_default/$t.html"
    done
    cp "$hsite/layouts/_default/list.html" "$hsite/layouts/index.html"
  fi
  : > "$work/w"; : > "$work/h"
  for r in $(seq "$runs"); do
    rm -rf "$work/out-w"; timed "$waymark" build --quiet --root "$site" --out "$work/out-w" >> "$work/w"
    if [ "$have_hugo" = 1 ]; then
      rm -rf "$work/out-h"; timed hugo --minify --quiet -s "$hsite" -d "$work/out-h" >> "$work/h"
    fi
  done
  row() { # tool timesfile outdir search
    local wall cpu rss bytes files sbytes sfiles
    wall=$(awk '{print $1}' "$2" | median); cpu=$(awk '{print $2}' "$2" | median); rss=$(awk '{print $3}' "$2" | median)
    bytes=$(find "$3" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}')
    files=$(find "$3" -type f | wc -l)
    if [ -d "$3/search" ]; then
      sbytes=$(find "$3/search" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}'); sfiles=$(find "$3/search" -type f | wc -l)
    else sbytes="—"; sfiles="—"; fi
    printf '| %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$n" "$1" "$wall" "$cpu" "$(echo "$rss/1024" | bc -l)" "$bytes" "$files" "$sbytes" "$sfiles" "$4"
  }
  if [ "$have_hugo" = 1 ]; then
    ratio=$(echo "$(awk '{print $1}' "$work/w" | median) / $(awk '{print $1}' "$work/h" | median)" | bc -l | xargs printf '%.2f')
    row waymark "$work/w" "$work/out-w" "$ratio"
    row hugo "$work/h" "$work/out-h" ""
  else
    row waymark "$work/w" "$work/out-w" "(no hugo)"
  fi
  rm -rf "$site" "${hsite:-}"
done
