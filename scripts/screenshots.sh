#!/usr/bin/env bash
# Writes the review screenshot set of the default site into target/screenshots/:
# every page kind at 390x844 and 1280x900, light and dark, a channel page landed on a
# step, and printed channel pages (PDF and, with poppler-utils, PNG).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --example screenshots
