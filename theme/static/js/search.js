// Search with Pagefind, ranked as a Vietnamese reader expects. The index
// (tintuc/search) holds each story folded to plain letters, in one spelling
// per word (one tone placement and one i/y spelling: the pairs come with the
// page, from tintuc/search/spellings.toml), so "dinh hoa", "Định Hoá" and
// "định hòa" all find "Định Hóa". Each record also keeps, for ranking, its
// title and summary as written and the words of its text that carry marks.
// This file ranks what Pagefind found:
// 1. tones mean words: a syllable typed with marks counts only with those
//    marks; results that agree only without them ("chế" for "chè") come after;
// 2. syllables make words: the syllables together and in order, in the title
//    and then in the text, come before scattered ones;
// 3. whole syllables only once Tìm is pressed; while the reader types, a
//    prefix ("hoạt" for "hoa") may show, after every whole match.
// The site is indexed in slices (data-bundles), merged here. The section and
// year lists narrow the results by each result's card.
const form = document.querySelector(".dh-search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const selects = {
  section: document.getElementById("search-section"),
  year: document.getElementById("search-year"),
};
const base = form.getAttribute("action").replace(/tim-kiem\/$/, "");
const bundles = form.dataset.bundles.split(" ").filter(Boolean);
const params = new URLSearchParams(window.location.search);
// The spellings search treats as one word (tintuc/search/spellings.toml).
const spellings = JSON.parse(form.dataset.spellings || "{}");
const endings = Object.entries(spellings.endings || {});
const wordPairs = spellings.words || {};
const WORD = /[\p{L}\p{N}_]+/gu; // Python's \w, as tintuc/search/spelling.py

// The same rule as tintuc/search/spelling.py: one spelling per word.
function normalWord(word) {
  for (const [old, spelling] of endings) {
    if (word.endsWith(old)) {
      word = word.slice(0, -old.length) + spelling;
      break;
    }
  }
  return Object.hasOwn(wordPairs, word) ? wordPairs[word] : word;
}

function normalText(text) {
  return text.normalize("NFC").toLowerCase().replace(WORD, normalWord);
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function words(text) {
  return text.match(WORD) || [];
}

// The i/y pairs without marks, where they differ: "ki" is spelled "ky".
const bareSpellings = {};
for (const [old, spelling] of Object.entries(wordPairs)) {
  if (fold(old) !== fold(spelling)) bareSpellings[fold(old)] = fold(spelling);
}

// For the browser test that checks these against Python's on a shared table.
globalThis.dhSearchSpelling = { normalText, fold, mayHold };

// Whether a story's words with marks (a Bloom filter, tintuc/search/
// wordfilter.py, hashed the same way) may hold ``word``.
function fnv1a(bytes, seed) {
  let value = (0x811c9dc5 ^ seed) >>> 0;
  for (const byte of bytes) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  return value;
}

const FILTER_DIGITS = "!#$%()*+,-./:;=?"; // as wordfilter.py: no letters to index

function mayHold(encoded, word) {
  if (!encoded) return false;
  const table = [];
  for (let n = 0; n + 1 < encoded.length; n += 2) {
    table.push(FILTER_DIGITS.indexOf(encoded[n]) * 16 + FILTER_DIGITS.indexOf(encoded[n + 1]));
  }
  const bits = table.length * 8;
  const bytes = new TextEncoder().encode(word);
  const first = fnv1a(bytes, 0);
  const step = (fnv1a(bytes, 0x9e3779b9) | 1) >>> 0;
  for (let n = 0; n < 3; n++) {
    const bit = ((first + n * step) >>> 0) % bits;
    if (!(table[bit >> 3] & (1 << (bit & 7)))) return false;
  }
  return true;
}

// A query syllable and how a word of a story matches it: "precise" is the
// word the reader meant (the same marks, or any marks for a syllable typed
// without them), "literal" the very same letters, "loose" the same without
// marks. The index's words are folded: "folded" and "begins" (a prefix)
// compare with those.
function syllable(text) {
  const bare = fold(text);
  const marked = bare !== text;
  // Typed without marks, "ki" may be "kĩ", which the index spells "kỹ".
  const bares = marked || !bareSpellings[bare] ? [bare] : [bare, bareSpellings[bare]];
  return {
    text,
    marked,
    literal: (word) => word === text,
    precise: (word) => (marked ? word === text : bares.includes(fold(word))),
    loose: (word) => bares.includes(fold(word)),
    folded: (word) => bares.includes(word),
    begins: (word) => bares.some((b) => word.startsWith(b)),
  };
}

// A query typed without marks, and its i/y spellings ("ki thuat", "ky thuat").
function bareVariants(normal) {
  let variants = [normal];
  for (const word of words(normal)) {
    const other = fold(word) === word && bareSpellings[word];
    if (!other || variants.length >= 4) continue;
    const pattern = new RegExp("(?<![\\p{L}\\p{N}_])" + word + "(?![\\p{L}\\p{N}_])", "u");
    variants = variants.concat(variants.map((v) => v.replace(pattern, other)));
  }
  return variants;
}

// How often the syllables appear together and in order, by ``how`` they match.
function times(storyWords, syllables, how) {
  let count = 0;
  for (let start = 0; start + syllables.length <= storyWords.length; start++) {
    if (syllables.every((s, n) => s[how](storyWords[start + n]))) count++;
  }
  return count;
}

// Where the syllables first stand together and in order (Infinity: nowhere).
function firstRun(storyWords, syllables, how) {
  for (let start = 0; start + syllables.length <= storyWords.length; start++) {
    if (syllables.every((s, n) => s[how](storyWords[start + n]))) return start;
  }
  return Infinity;
}

function together(storyWords, syllables, how) {
  return times(storyWords, syllables, how) > 0;
}

// Rank key of one result (smaller first), or null when it does not match.
function rankKey(item, syllables, typing) {
  const title = words(normalText(item.meta.title || ""));
  const text = words(item.content); // folded, the title first
  const shown = new Set(title.concat(words(normalText(item.meta.summary || ""))));
  // Every syllable typed with marks is in the story with those marks.
  const meant = syllables.every(
    (s) => !s.marked || shown.has(s.text) || mayHold(item.meta.marks, s.text));
  const found = syllables.every((s) => text.some(s.folded));
  let level = meant && found ? 0 : 1;
  if (!found) {
    if (!typing || !syllables.every((s) => text.some(s.begins))) return null;
    level = 2;
  }
  const how = level === 0 ? "precise" : "loose";
  let bonus = 0;
  if (together(title, syllables, "literal")) bonus += 8;
  if (together(title, syllables, how)) bonus += 6;
  if (together(text, syllables, "folded")) bonus += 3;
  if (syllables.every((s) => title.some(s[how]))) bonus += 2;
  // How much of the text is about the words: long texts (a document's PDF)
  // do not win by length.
  const density = times(text, syllables, "folded") / (text.length + 20);
  // A story about the words names them early in its title.
  const early = Math.min(Math.floor(firstRun(title, syllables, how) / 3), 3);
  return [level, -bonus, early, -density, -item.score];
}

function compareKeys(a, b) {
  for (let n = 0; n < a.key.length; n++) {
    if (a.key[n] !== b.key[n]) return a.key[n] - b.key[n];
  }
  return 0;
}

// The summary as text nodes, the words the reader meant marked: the typed
// syllables together and in order (never a prefix, never a word that only
// agrees without marks). Built with DOM nodes only: never parsed as HTML.
function marked(text, syllables) {
  const paragraph = document.createElement("p");
  paragraph.className = "dh-card__summary";
  const parts = text.split(/([\p{L}\p{N}_]+)/u); // odd parts are words
  const spelled = parts.map((part) => normalWord(part.normalize("NFC").toLowerCase()));
  const inRun = new Set();
  const wordAt = [];
  for (let n = 1; n < parts.length; n += 2) wordAt.push(n);
  for (let start = 0; start + syllables.length <= wordAt.length; start++) {
    const run = wordAt.slice(start, start + syllables.length);
    if (syllables.length && syllables.every((s, k) => s.precise(spelled[run[k]]))) {
      for (const n of run) inRun.add(n);
    }
  }
  parts.forEach((part, n) => {
    if (inRun.has(n)) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      paragraph.append(mark);
    } else if (part) {
      paragraph.append(part);
    }
  });
  return paragraph;
}

function card(item, syllables) {
  const entry = document.createElement("li");
  entry.className = item.meta.image ? "dh-card dh-card--picture" : "dh-card";
  if (item.meta.image) {
    const picture = document.createElement("span");
    picture.className = "dh-card__picture";
    const image = document.createElement("img");
    Object.assign(image, { src: item.meta.image, alt: "", width: 160, height: 107 });
    image.loading = "lazy";
    picture.append(image);
    entry.append(picture);
  }
  const text = document.createElement("div");
  const title = document.createElement("h2");
  title.className = "dh-card__title";
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = item.meta.title || item.url;
  title.append(link);
  const meta = document.createElement("p");
  meta.className = "dh-card__meta";
  meta.textContent = [item.meta.section, item.meta.date].filter(Boolean).join(" · ");
  text.append(title, meta);
  if (item.meta.summary) text.append(marked(item.meta.summary, syllables));
  entry.append(text);
  return entry;
}

function show(items, query, syllables) {
  list.replaceChildren();
  if (items.length === 0) {
    status.textContent = "Không tìm thấy kết quả nào cho «" + query + "». Hãy thử từ khóa khác.";
    return;
  }
  status.textContent = "Tìm thấy " + items.length + " kết quả cho «" + query + "».";
  for (const item of items) list.append(card(item, syllables));
}

// The filters chosen are in the address (the form submits them with the query).
const chosen = Object.entries(selects)
  .map(([name, select]) => {
    select.value = params.get(name) || "";
    return [name, params.get(name) || ""];
  })
  .filter(([, value]) => value);

// A card's year is its date's ("dd/mm/yyyy"): the record keeps no year field.
function wanted(item) {
  const card = { ...item.meta, year: (item.meta.date || "").slice(-4) };
  return chosen.every(([name, value]) => card[name] === value);
}

// Pagefind's results for the query folded, then for its other i/y spellings.
async function candidates(pagefind, normal) {
  const found = [];
  const ids = new Set();
  for (const variant of bareVariants(normal)) {
    for (const result of (await pagefind.search(fold(variant))).results) {
      if (!ids.has(result.id)) found.push(result);
      ids.add(result.id);
    }
  }
  return found;
}

// The best results that match and pass the filters, read in batches: each
// result's card is a download of its own, so a search shows at most CARDS
// (16 keeps the first search within what it fetched before cards carried
// their words with marks; see docs/search.md).
const CARDS = 16;
async function top(pagefind, query, typing) {
  const normal = normalText(query);
  const syllables = words(normal).map(syllable);
  const results = await candidates(pagefind, normal);
  const found = [];
  for (let start = 0; start < results.length && start < 200; start += CARDS) {
    const batch = results.slice(start, start + CARDS);
    const read = await Promise.all(batch.map(async (r) => ({ ...(await r.data()), score: r.score })));
    for (const item of read) {
      item.key = rankKey(item, syllables, typing);
      if (item.key && wanted(item)) found.push(item);
    }
    // Unfiltered, the first batch is enough: each card read is a download.
    if (chosen.length === 0 || found.length >= CARDS) break;
  }
  found.sort(compareKeys);
  return [found.slice(0, CARDS), syllables];
}

// The newest slice comes first: its results show at once, while the older
// slices (each with its own download) are merged in. A search started later
// (the reader typed on) makes an earlier one stop showing.
let latest = 0;
let merged = null;
async function run(query, typing) {
  const turn = ++latest;
  const started = performance.now();
  status.textContent = "Đang tìm…";
  if (bundles.length === 0) {
    show([], query, []);
    return;
  }
  const pagefind = await import(base + bundles[0] + "pagefind.js");
  if (bundles.length > 1 && merged === null) {
    const [newest, syllables] = await top(pagefind, query, typing);
    if (turn !== latest) return;
    show(newest, query, syllables);
    status.textContent = "Đang tìm thêm trong các bài cũ hơn… " + status.textContent;
    merged = (async () => {
      for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(base + bundle);
    })();
  }
  await merged;
  const [results, syllables] = await top(pagefind, query, typing);
  if (turn !== latest) return;
  show(results, query, syllables);
  performance.measure("dh-search", { start: started }); // read by bench/search_speed.py
}

// While the reader types, results follow (prefixes allowed, after whole words).
let pause = null;
input.addEventListener("input", () => {
  clearTimeout(pause);
  const typed = input.value.trim();
  if (typed.length < 2) return;
  pause = setTimeout(() => run(typed, true), 250);
});

const query = params.get("q") || "";
input.value = query;
if (query.trim()) {
  run(query.trim(), false);
} else {
  status.textContent = "Gõ từ khóa rồi bấm Tìm.";
}
