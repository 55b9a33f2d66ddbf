#!/usr/bin/env bash
# Lighthouse 12 (mobile, simulated throttling: its defaults) over every page kind of the
# default site, served on 127.0.0.1 from a fresh build. Prints the four category scores,
# the cumulative layout shift and the largest contentful paint of each page.
# Needs Debian's chromium and Node.js; installs lighthouse from the npm registry into
# target/lighthouse/ on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
lh=target/lighthouse/node_modules/.bin/lighthouse
if [ ! -x "$lh" ]; then
  mkdir -p target/lighthouse
  npm install --prefix target/lighthouse --no-audit --no-fund --silent lighthouse@12
fi
out=$(mktemp -d)
cargo run -q -- build --out "$out/site" -q
port=8799
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/site" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$out"' EXIT
sleep 1
flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
printf '%-32s %5s %5s %5s %5s %6s %6s\n' page perf a11y bp seo CLS LCP
for page in index.html channels.html channels/app.html channels/hotline-12315.html after.html toc.html 404.html; do
  CHROME_PATH=/usr/bin/chromium "$lh" "http://127.0.0.1:$port/$page" --quiet --chrome-flags="$flags" \
    --output=json --output-path="$out/report.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]), c = r.categories, a = r.audits, s = k => Math.round(c[k].score * 100);
    console.log(process.argv[2].padEnd(32), ...[s("performance"), s("accessibility"), s("best-practices"), s("seo")].map(v => String(v).padStart(5)),
      a["cumulative-layout-shift"].numericValue.toFixed(3).padStart(6), (Math.round(a["largest-contentful-paint"].numericValue) + "ms").padStart(6));
  ' "$out/report.json" "$page"
done
