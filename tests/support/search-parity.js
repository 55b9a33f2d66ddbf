// Runs the browser's search core (theme/static/waymark-search.js, the very file pages
// load) under Node over a published search/ folder, and prints every query's ranked
// list as JSON, for the Rust side to compare with its own.
//
//   node search-parity.js <core.js> <search folder> [spec.json] < queries.json > results.json
//
// Shard scripts are run as the browser runs them, with a stand-in `WaymarkSearch`
// receiving what they hand over. Given spec.json, the index's meta.js is read with
// that `spec` in place of its own, as if the build had written it.
'use strict';
const fs = require('fs');
const path = require('path');

const [core, dir, specFile] = process.argv.slice(2);
const Core = require(path.resolve(core));

function run(file) {
  const handed = {};
  const WaymarkSearch = {
    meta: (m) => { handed.meta = m; },
    add: (kind, n, data) => { handed.shard = [kind, n, data]; },
  };
  new Function('WaymarkSearch', fs.readFileSync(path.join(dir, file), 'utf8'))(WaymarkSearch);
  return handed;
}

function meta() {
  const m = run('meta.js').meta;
  if (specFile) m.spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
  return m;
}

const index = Core.createIndex({
  meta: () => Promise.resolve(meta()),
  shard: (kind, n) => {
    const [k, m, data] = run(`${kind}-${n}.js`).shard;
    if (k !== kind || m !== n) throw new Error(`${kind}-${n}.js holds ${k}-${m}`);
    return Promise.resolve(data);
  },
});

const queries = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const q of queries) {
    const result = await index.runQuery(q);
    out.push(result.hits.map((h) => [h.data.url, h.score]));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
