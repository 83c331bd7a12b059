// Search with Pagefind. The index holds each story folded to plain ASCII, so
// the query is folded too and "dinh hoa", "Định Hoá" and "định hóa" all find
// "Định Hóa". The site is indexed in slices (data-bundles), merged here.
const form = document.querySelector(".dh-search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const base = form.getAttribute("action").replace(/tim-kiem\/$/, "");
const bundles = form.dataset.bundles.split(" ").filter(Boolean);

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function show(items, query) {
  list.replaceChildren();
  if (items.length === 0) {
    status.textContent = "Không tìm thấy kết quả nào cho «" + query + "». Hãy thử từ khóa khác.";
    return;
  }
  status.textContent = "Tìm thấy " + items.length + " kết quả cho «" + query + "».";
  for (const item of items) {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.meta.title || item.url;
    entry.append(link);
    list.append(entry);
  }
}

async function top(pagefind, query) {
  const search = await pagefind.search(query);
  return Promise.all(search.results.slice(0, 20).map((r) => r.data()));
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

const query = new URLSearchParams(window.location.search).get("q") || "";
input.value = query;
if (query.trim()) {
  run(query.trim());
} else {
  status.textContent = "Gõ từ khóa rồi bấm Tìm.";
}
