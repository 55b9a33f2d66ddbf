/* Waymark's search core: normalising, tokenising, reading the index shards and
   ranking, as pure functions with no page in sight. Pages load it as a classic script
   (it defines `WaymarkSearchCore`); the test suite runs this very file under Node and
   compares every ranked list with the Rust side (src/search/query.rs), so the two can
   never drift apart. Constants the ranking needs come from search/meta.js, written by
   the build. */
(function (root, factory) {
  var core = factory();
  if (typeof module === 'object' && module.exports) module.exports = core;
  else root.WaymarkSearchCore = core;
})(this, function () {
  'use strict';

  var CJK = /[\u3005\u3007\u3021-\u3029\u3038-\u303B\u3040-\u309F\u30A0-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F\u{20000}-\u{3134F}]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var DIGIT = /[0-9]/;
  /* Posting digits (encode_postings in src/search/index.rs). */
  var MORE = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  var LAST = 'WXYZabcdefghijklmnopqrstuvwxyz_-';
  var BUCKET_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function normalize(text) {
    return String(text).normalize('NFKC').toLowerCase();
  }

  function length(text) {
    return Array.from(text).length;
  }

  /* Cuts normalised text into {kind: 'cjk'|'word', text} tokens (tokens() in text.rs). */
  function tokenize(normalized) {
    var out = [], cur = null;
    Array.from(normalized).forEach(function (c) {
      var kind = CJK.test(c) ? 'cjk' : WORD.test(c) ? 'word' : null;
      var digit = DIGIT.test(c);
      if (kind && cur && cur.kind === kind && (kind === 'cjk' || cur.digit === digit)) {
        cur.text += c;
        cur.digit = digit;
      } else if (kind) {
        if (cur) out.push({ kind: cur.kind, text: cur.text });
        cur = { kind: kind, text: c, digit: digit };
      } else if (cur) {
        out.push({ kind: cur.kind, text: cur.text });
        cur = null;
      }
    });
    if (cur) out.push({ kind: cur.kind, text: cur.text });
    return out;
  }

  /* The terms a token must find (query_terms() in text.rs). */
  function queryTerms(token) {
    if (token.kind === 'word') return [token.text];
    var chars = Array.from(token.text);
    if (chars.length === 1) return [token.text];
    var grams = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      var g = chars[i] + chars[i + 1];
      if (grams[grams.length - 1] !== g) grams.push(g);
    }
    return grams;
  }

  function queryTokens(query) {
    var seen = {}, out = [];
    tokenize(normalize(query)).forEach(function (t) {
      var key = t.kind + ':' + t.text;
      if (!seen[key]) { seen[key] = 1; out.push(t); }
    });
    return out;
  }

  /* A shard's payload: base-64 of raw DEFLATE of JSON (shard_file() in index.rs). */
  function unpack(text) {
    if (typeof DecompressionStream !== 'function') {
      return Promise.reject(new Error('this browser cannot read the search index'));
    }
    var binary = atob(text), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text().then(JSON.parse);
  }

  /* Index of the last entry of the sorted list `firsts` that is <= key. */
  function shardOf(firsts, key) {
    var lo = 0, hi = firsts.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* floor(log2(docs / holding)) in integers (rarity() in query.rs). */
  function rarity(docs, holding) {
    var weight = 0, x = Math.max(1, holding);
    while (x * 2 <= docs) { x *= 2; weight++; }
    return weight;
  }

  /* Documents holding every unit of a token; in the title only if every unit is. */
  function allUnits(list) {
    var found = new Map();
    list[0].forEach(function (e, doc) { found.set(doc, [e[0], e[1]]); });
    list.slice(1).forEach(function (unit) {
      found.forEach(function (e, doc) {
        var u = unit.get(doc);
        if (!u) found.delete(doc); else e[1] = e[1] && u[1];
      });
    });
    return found;
  }

  /* Documents any of the maps holds; in the title if any has it there. */
  function union(maps) {
    var out = new Map();
    maps.forEach(function (m) {
      m.forEach(function (e, doc) {
        var o = out.get(doc);
        if (o) o[1] = o[1] || e[1]; else out.set(doc, [e[0], e[1]]);
      });
    });
    return out;
  }

  /* Whether `word` is in the text of document `doc`, found by the word's own lookups
     (in_body() in query.rs). */
  function inBody(word, found, doc, body) {
    return found.has(doc) && (word.kind === 'word' || length(word.text) <= 2 || body.indexOf(word.text) >= 0);
  }

  /* An index read through `source`: source.meta() resolves to the object of
     search/meta.js, source.shard(kind, n) to the payload of search/<kind>-<n>.js.
     Shards are unpacked once and kept. */
  function createIndex(source) {
    var metaPromise = null, shards = {};

    function meta() {
      if (!metaPromise) {
        metaPromise = source.meta().then(function (m) {
          /* Buckets come three to a base-64 digit (pack_buckets() in index.rs). */
          var buckets = new Uint8Array(m.count);
          for (var i = 0; i < m.count; i++) {
            buckets[i] = (BUCKET_DIGITS.indexOf(m.buckets.charAt(Math.floor(i / 3))) >> (2 * (i % 3))) & 3;
          }
          m.bucketOf = buckets;
          return m;
        }, function (e) { metaPromise = null; throw e; });
      }
      return metaPromise;
    }

    function shard(kind, n) {
      var key = kind + n;
      if (!shards[key]) {
        shards[key] = source.shard(kind, n).then(unpack).catch(function (e) {
          delete shards[key];
          throw e;
        });
      }
      return shards[key];
    }

    /* The coarse length of a document (Doc::bucket() in index.rs). */
    function bucket(m, doc) {
      return m.bucketOf[doc];
    }

    /* Postings: per document, the gap from the previous id times two, plus one for a
       title match, as base-32 varints (encode_postings() in index.rs). */
    function decode(m, postings, visit) {
      var doc = 0, value = 0, shift = 1;
      for (var i = 0; i < postings.length; i++) {
        var c = postings.charAt(i), d = MORE.indexOf(c);
        if (d >= 0) { value += d * shift; shift *= 32; continue; }
        value += LAST.indexOf(c) * shift;
        doc += Math.floor(value / 2);
        visit(doc, bucket(m, doc), value % 2 === 1);
        value = 0;
        shift = 1;
      }
    }

    /* The lookups ("units") of a token, each a Map doc -> [bucket, inTitle]: one per
       bigram of a longer CJK run; one prefix lookup for a word or a single character,
       over at most m.prefixShards shards (units() and with_prefix() in Rust). */
    function units(m, token) {
      if (!m.terms.length) return Promise.resolve([new Map()]);
      var single = length(token.text) < 2;
      if (token.kind === 'cjk' && !single) {
        return Promise.all(queryTerms(token).map(function (t) {
          return shard('t', shardOf(m.terms, t)).then(function (s) {
            var found = new Map();
            decode(m, hasOwn(s, t) ? s[t] : '', function (doc, b, title) { found.set(doc, [b, title]); });
            return found;
          });
        }));
      }
      var prefix = token.text, wholeOnly = token.kind === 'word' && single;
      var first = shardOf(m.terms, prefix);
      var last = wholeOnly ? first : Math.min(shardOf(m.terms, prefix + '\uffff'), first + m.prefixShards - 1);
      var loads = [];
      for (var n = first; n <= last; n++) loads.push(shard('t', n));
      return Promise.all(loads).then(function (loaded) {
        var found = new Map();
        loaded.forEach(function (s) {
          Object.keys(s).forEach(function (term) {
            if (term.indexOf(prefix) !== 0 || (wholeOnly && term !== prefix)) return;
            decode(m, s[term], function (doc, b, title) {
              var e = found.get(doc);
              if (e) e[1] = e[1] || title; else found.set(doc, [b, title]);
            });
          });
        });
        return [found];
      });
    }

    /* The documents of `ids`, by id: [url, title, crumbs, text] rows. */
    function loadDocs(m, ids) {
      var wanted = {};
      ids.forEach(function (id) { wanted[shardOf(m.docs, id)] = 1; });
      return Promise.all(Object.keys(wanted).map(function (n) {
        return shard('d', +n).then(function (rows) { return [m.docs[+n], rows]; });
      })).then(function (loaded) {
        var byId = {};
        loaded.forEach(function (pair) {
          pair[1].forEach(function (r, i) {
            byId[pair[0] + i] = { url: r[0], title: r[1], crumbs: r[2], text: r[3], lengthClass: r[4] };
          });
        });
        return byId;
      });
    }

    /* The words a query token stands for: itself first, then the other members of
       each synonym group it belongs to, in order, without repeats (alternatives()). */
    function alternatives(m, token) {
      var out = [token], seen = {};
      seen[token.kind + ':' + token.text] = 1;
      (m.synonyms || []).forEach(function (group) {
        if (group.indexOf(token.text) < 0) return;
        group.forEach(function (word) {
          tokenize(word).forEach(function (t) {
            var key = t.kind + ':' + t.text;
            if (!seen[key]) { seen[key] = 1; out.push(t); }
          });
        });
      });
      return out;
    }

    /* Ranked results for a query: {tokens, alts, hits: [{doc, score, prelim, data}]},
       best first (search() in query.rs). `stale()`, if given, stops a query the
       reader has already replaced before its documents load. */
    function runQuery(query, stale) {
      var toks = queryTokens(query);
      if (!toks.length) return Promise.resolve({ tokens: toks, alts: [], hits: [] });
      return meta().then(function (m) {
        var alts = toks.map(function (t) { return alternatives(m, t); });
        var others = Promise.all(alts.map(function (list) {
          return Promise.all(list.slice(1).map(function (a) { return units(m, a).then(allUnits); }));
        }));
        return Promise.all([Promise.all(toks.map(function (t) { return units(m, t); })), others]).then(function (loaded) {
          var perToken = loaded[0];
          var byWord = perToken.map(function (u, i) { return [allUnits(u)].concat(loaded[1][i]); });
          var found = byWord.map(union);
          var candidates = [];
          found[0].forEach(function (e, doc) {
            for (var i = 1; i < found.length; i++) if (!found[i].has(doc)) return;
            var titleScore = 0;
            found.forEach(function (f) { titleScore += f.get(doc)[1] ? 40 : 4; });
            candidates.push({ doc: doc, prelim: titleScore - e[0] });
          });
          var all = [];
          perToken.forEach(function (list) { list.forEach(function (u) { all.push(u); }); });
          var relaxed = !candidates.length && toks.length === 1 && all.length >= m.relax;
          var weights = relaxed ? all.map(function (unit) { return rarity(m.count, unit.size); }) : [];
          if (relaxed) {
            var counts = new Map();
            all.forEach(function (unit, k) {
              unit.forEach(function (e, doc) {
                var c = counts.get(doc);
                if (!c) { c = [0, 0, e[0]]; counts.set(doc, c); }
                c[0] += 1;
                c[1] += (weights[k] + 1) * (e[1] ? 14 : 10);
              });
            });
            counts.forEach(function (c, doc) {
              if (c[0] * 3 >= all.length) candidates.push({ doc: doc, prelim: c[1] - c[2] });
            });
          }
          candidates.sort(function (a, b) { return b.prelim - a.prelim || a.doc - b.doc; });
          candidates = candidates.slice(0, m.verify);
          if (stale && stale()) return { tokens: toks, alts: alts, hits: [], stale: true };
          return loadDocs(m, candidates.map(function (c) { return c.doc; })).then(function (docs) {
            candidates.forEach(function (c) {
              var d = docs[c.doc];
              var title = normalize(d.title), body = normalize(d.crumbs + ' ' + d.text);
              var titleLen = Math.max(1, length(title)), score = 0;
              toks.forEach(function (t, i) {
                var inTitle = found[i].get(c.doc), syn = alts[i].slice(1), words = byWord[i];
                var synTitle = syn.filter(function (a) { return title.indexOf(a.text) >= 0; })[0];
                if (title.indexOf(t.text) >= 0) score += 100 + Math.floor(50 * length(t.text) / titleLen);
                else if (synTitle) score += 90 + Math.floor(50 * length(synTitle.text) / titleLen);
                else if (inTitle && inTitle[1]) score += 30;
                else if (inBody(t, words[0], c.doc, body)) score += 20;
                else if (syn.some(function (a, k) { return inBody(a, words[k + 1], c.doc, body); })) score += 18;
                else if (relaxed) {
                  queryTerms(t).forEach(function (g, k) {
                    score += title.indexOf(g) >= 0 ? 3 * weights[k] + 2 : perToken[0][k].has(c.doc) ? weights[k] + 1 : 0;
                  });
                } else score += 5;
              });
              c.score = score - d.lengthClass;
              c.data = d;
            });
            candidates.sort(function (a, b) { return b.score - a.score || b.prelim - a.prelim || a.doc - b.doc; });
            return { tokens: toks, alts: alts, hits: candidates };
          });
        });
      });
    }

    return { meta: meta, runQuery: runQuery };
  }

  /* Normalised text of `text` with, per normalised UTF-16 unit, the index of the
     original UTF-16 unit it came from, so matches can be marked in the original. */
  function mapped(text) {
    var norm = '', map = [], i = 0;
    Array.from(text).forEach(function (c) {
      var n = normalize(c);
      for (var k = 0; k < n.length; k++) map.push(i);
      norm += n;
      i += c.length;
    });
    map.push(i);
    return { norm: norm, map: map };
  }

  /* [start, end) ranges of `text` (original units) matching any of `needles`. */
  function matches(text, needles) {
    var m = mapped(text), ranges = [];
    needles.forEach(function (needle) {
      if (!needle) return;
      var from = 0, at;
      while ((at = m.norm.indexOf(needle, from)) >= 0) {
        ranges.push([m.map[at], m.map[at + needle.length]]);
        from = at + needle.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  /* What to mark for a query's tokens: each token, and the bigrams of CJK runs. */
  function needlesOf(tokens) {
    var out = [];
    tokens.forEach(function (t) { out.push(t.text); });
    tokens.forEach(function (t) { if (t.kind === 'cjk') queryTerms(t).forEach(function (g) { out.push(g); }); });
    return out;
  }

  /* The part of `text` around its first match, with the matches inside it. */
  function snippet(text, tokens) {
    var ranges = matches(text, needlesOf(tokens));
    var start = ranges.length ? Math.max(0, ranges[0][0] - 24) : 0;
    var end = Math.min(text.length, start + 110);
    return {
      before: start > 0,
      after: end < text.length,
      text: text.slice(start, end),
      ranges: ranges
        .filter(function (r) { return r[0] >= start && r[1] <= end; })
        .map(function (r) { return [r[0] - start, r[1] - start]; })
    };
  }

  return {
    normalize: normalize,
    tokenize: tokenize,
    queryTerms: queryTerms,
    queryTokens: queryTokens,
    unpack: unpack,
    createIndex: createIndex,
    matches: matches,
    needlesOf: needlesOf,
    snippet: snippet
  };
});
