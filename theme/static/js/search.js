// Search with Pagefind. The index holds each story folded to plain ASCII, so
// the query is folded too and "dinh hoa", "Định Hoá" and "định hóa" all find
// "Định Hóa". The site is indexed in slices (data-bundles), merged here.
// Each result shows its thumbnail, section, date and summary, the words of
// the query marked in it; the section and year lists narrow the results.
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

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

// The summary as text nodes, each word the query starts marked (folded on
// both sides). Built with DOM nodes only: a summary is never parsed as HTML.
function marked(text, terms) {
  const paragraph = document.createElement("p");
  paragraph.className = "dh-card__summary";
  for (const part of text.split(/(\s+)/)) {
    const word = fold(part).replace(/[^a-z0-9]/g, "");
    if (word && terms.some((term) => word.startsWith(term))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      paragraph.append(mark);
    } else {
      paragraph.append(part);
    }
  }
  return paragraph;
}

function card(item, terms) {
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
  if (item.meta.summary) text.append(marked(item.meta.summary, terms));
  entry.append(text);
  return entry;
}

function show(items, query) {
  list.replaceChildren();
  if (items.length === 0) {
    status.textContent = "Không tìm thấy kết quả nào cho «" + query + "». Hãy thử từ khóa khác.";
    return;
  }
  status.textContent = "Tìm thấy " + items.length + " kết quả cho «" + query + "».";
  const terms = fold(query).split(/\s+/).map((t) => t.replace(/[^a-z0-9]/g, "")).filter(Boolean);
  for (const item of items) list.append(card(item, terms));
}

// The filters chosen are in the address (the form submits them with the query).
const chosen = Object.entries(selects)
  .map(([name, select]) => {
    select.value = params.get(name) || "";
    return [name, params.get(name) || ""];
  })
  .filter(([, value]) => value);

function wanted(item) {
  return chosen.every(([name, value]) => item.meta[name] === value);
}

// The best results whose card matches the filters, read in batches: each
// result's card is a download of its own.
async function top(pagefind, query) {
  const search = await pagefind.search(query);
  const found = [];
  for (let start = 0; start < search.results.length && start < 200; start += 20) {
    const batch = search.results.slice(start, start + 20);
    found.push(...(await Promise.all(batch.map((r) => r.data()))).filter(wanted));
    if (chosen.length === 0 || found.length >= 20) break;
  }
  return found.slice(0, 20);
}

// The newest slice comes first: its results show at once, while the older
// slices (each with its own download) are merged in.
async function run(query) {
  status.textContent = "Đang tìm…";
  if (bundles.length === 0) {
    show([], query);
    return;
  }
  const folded = fold(query);
  const pagefind = await import(base + bundles[0] + "pagefind.js");
  let results = await top(pagefind, folded);
  if (bundles.length > 1) {
    show(results, query);
    status.textContent = "Đang tìm thêm trong các bài cũ hơn… " + status.textContent;
    for (const bundle of bundles.slice(1)) {
      await pagefind.mergeIndex(base + bundle);
    }
    results = await top(pagefind, folded);
  }
  show(results, query);
}

const query = params.get("q") || "";
input.value = query;
if (query.trim()) {
  run(query.trim());
} else {
  status.textContent = "Gõ từ khóa rồi bấm Tìm.";
}
