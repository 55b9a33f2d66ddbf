#!/usr/bin/env bash
# Waymark against Hugo on the project's generated corpus, fresh and incremental.
#
#   bench/compare.sh [PAGES ...]        # default: 1000 10000 20000; RUNS=5 by default
#
# Builds the release binaries, writes the corpus (waymark-corpus, seed 1) for each size
# and, when `hugo` is on PATH (apt-get install -y hugo), the same pages as a minimal Hugo
# site (section index.md renamed _index.md, one plain layout, --minify, no taxonomies or
# feeds). Timed by /usr/bin/time (apt-get install -y time); every figure is a median.
#
# Fresh: builds alternate Waymark/Hugo, each into a new folder, and nothing is deleted
# until the size is done (ext4 slows inode allocation for a while after a large delete,
# which would penalise whoever runs next). `cp -r` of Waymark's output into a new folder
# is the I/O floor: what writing those files costs at all.
# Rebuilds, into one output folder that has been built twice (so the site before last
# is kept beside it): nothing changed; one page's body changed; one page's title
# changed. Hugo has no incremental build to disk: its row is the same rebuild into its
# existing output folder.
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
# time one command: appends "wall cpu rss_kb" to the file $1
timed() { local to=$1; shift; /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>&1; awk '{printf "%s %.2f %s\n", $1, $2+$3, $4}' "$work/t" >> "$to"; }
col() { awk -v c="$2" '{print $c}' "$1" | median; }
mb() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}'; }

printf '| pages | case | tool | wall s | CPU s | peak RSS MB | output MB | files | search MB | of fresh | ours/Hugo |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
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
  rm -f "$work"/{w,h,cp,same,body,title,hre}
  for r in $(seq "$runs"); do
    timed "$work/w" "$waymark" build --quiet --root "$site" --out "$work/w-$n-$r"
    [ "$have_hugo" = 1 ] && timed "$work/h" hugo --minify --quiet -s "$hsite" -d "$work/h-$n-$r"
  done
  for r in $(seq "$runs"); do timed "$work/cp" cp -r "$work/w-$n-1" "$work/cp-$n-$r"; done
  fresh=$(col "$work/w" 1)
  row() { # case tool timesfile outdir hugo-wall [fresh-wall]
    local wall cpu rss files sbytes of vs fresh=${6:-$fresh}
    wall=$(col "$3" 1); cpu=$(col "$3" 2); rss=$(col "$3" 3)
    files=$(find "$4" -type f | wc -l)
    if [ -d "$4/search" ]; then sbytes=$(mb "$4/search"); else sbytes="—"; fi
    of=$(echo "100 * $wall / $fresh" | bc -l | xargs printf '%.0f%%')
    vs="—"; [ -n "$5" ] && vs=$(echo "$wall / $5" | bc -l | xargs printf '%.2f')
    printf '| %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$n" "$1" "$2" "$wall" "$cpu" "$(echo "$rss/1024" | bc -l)" "$(mb "$4")" "$files" "$sbytes" "$of" "$vs"
  }
  hwall=""; [ "$have_hugo" = 1 ] && hwall=$(col "$work/h" 1)
  row fresh waymark "$work/w" "$work/w-$n-1" "$hwall"
  [ "$have_hugo" = 1 ] && row fresh hugo "$work/h" "$work/h-$n-1" "" "$hwall"
  row "fresh, cp -r floor" cp "$work/cp" "$work/cp-$n-1" ""
  # Rebuilds into one folder: two builds first, so the site before last is kept.
  out=$work/w-$n-1
  "$waymark" build --quiet --root "$site" --out "$out"
  page=$(find "$site/content" -name 'p*.md' | sort | sed -n 2p)
  for r in $(seq "$runs"); do timed "$work/same" "$waymark" build --quiet --root "$site" --out "$out"; done
  for r in $(seq "$runs"); do
    printf '\n\n补充说明 %s：新的段落。\n' "$r" >> "$page"
    timed "$work/body" "$waymark" build --quiet --root "$site" --out "$out"
  done
  for r in $(seq "$runs"); do
    sed -i "0,/^title: /s/^title: \(改 [0-9]* \)\?/title: 改 $r /" "$page"
    timed "$work/title" "$waymark" build --quiet --root "$site" --out "$out"
  done
  if [ "$have_hugo" = 1 ]; then
    for r in $(seq "$runs"); do timed "$work/hre" hugo --minify --quiet -s "$hsite" -d "$work/h-$n-1"; done
  fi
  row "rebuild, nothing changed" waymark "$work/same" "$out" "$hwall"
  row "rebuild, one body changed" waymark "$work/body" "$out" "$hwall"
  row "rebuild, one title changed" waymark "$work/title" "$out" "$hwall"
  [ "$have_hugo" = 1 ] && row "rebuild (all of it)" hugo "$work/hre" "$work/h-$n-1" "" "$hwall"
  rm -rf "$site" "${hsite:-}" "$work"/w-"$n"-* "$work"/h-"$n"-* "$work"/cp-"$n"-* "$work"/.w-"$n"-*
done
