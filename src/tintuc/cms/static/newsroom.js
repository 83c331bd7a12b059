/*
 * The newsroom's glue for Decap CMS: our story format, the checks made on
 * save, and a preview in the site's own layout. Everything it knows about
 * fields comes from config.json, which the build writes from the schema.
 */
"use strict";

// Decap starts by itself unless told to wait; we start it once configured.
window.CMS_MANUAL_INIT = true;

const Newsroom = (() => {
  const VIETNAM_OFFSET_MINUTES = 7 * 60;
  const FIELD_LINE = /^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  const CONTINUATION_LINE = /^ {4,}(.*)$/;
  const FENCES = ["---", "..."];
  const MARKDOWN_IMAGE = /!\[([^\]]*)\]\(([^)\s]+)/g;
  // Chosen from lists, so kept as lists; names ("names") stay the text typed.
  const LIST_KINDS = ["communes", "documents"];
  // Fields written one item per line, "a | b | …": their parts, in order.
  const PIPE_KINDS = {
    gallery: ["photo", "alt", "caption", "credit"],
    files: ["file", "label"],
  };

  /* Slugs as the site makes them: ASCII, lowercase, đ → d, hyphens. */
  function slugify(text) {
    return String(text || "")
      .normalize("NFC")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }

  /* A random (version 4) UUID; randomUUID exists only on https and localhost. */
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  /*
   * "2026-11-05 16:20" (Vietnam time) → "2026-11-05T16:20:00": the date widget's
   * value is Vietnam wall time with no offset. Decap's date('…') filter reads
   * such a value as the same wall time in any browser's zone, so the file names
   * and photo folders made from it carry the story's day in Vietnam
   * (cms/config.py); {{year}} and the like would be the day in UTC.
   */
  function dateFromFile(text) {
    const time = "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?";
    let match = new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})${time}$`).exec(text);
    let parts;
    if (match) {
      parts = [match[1], match[2], match[3], match[4], match[5], match[6]];
    } else {
      match = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${time}$`).exec(text);
      if (!match) return text;
      parts = [match[3], match[2], match[1], match[4], match[5], match[6]];
    }
    const [year, month, day, hour = "0", minute = "0", second = "0"] = parts.map(
      (part) => part || undefined,
    );
    return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  }

  /* A value as a moment: Vietnam wall time, or any moment with its offset (or a Date). */
  function momentOf(value) {
    const wall = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/.exec(String(value));
    if (!wall) return new Date(value instanceof Date ? value.getTime() : value);
    const [year, month, day, hour, minute, second] = wall.slice(1).map(Number);
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - VIETNAM_OFFSET_MINUTES * 60000);
  }

  /* Any moment the date widget gives → "YYYY-MM-DD HH:MM" in Vietnam time. */
  function dateToFile(value) {
    const moment = momentOf(value);
    if (Number.isNaN(moment.getTime())) return String(value);
    const vietnam = new Date(moment.getTime() + VIETNAM_OFFSET_MINUTES * 60000);
    const seconds = vietnam.getUTCSeconds() ? `:${pad(vietnam.getUTCSeconds())}` : "";
    return (
      `${vietnam.getUTCFullYear()}-${pad(vietnam.getUTCMonth() + 1)}-` +
      `${pad(vietnam.getUTCDate())} ${pad(vietnam.getUTCHours())}:` +
      `${pad(vietnam.getUTCMinutes())}${seconds}`
    );
  }

  /* A moment as the writer reads it: "05/11/2026 16:20" (or "05/11/2026"), Vietnam time. */
  function dateForPeople(value, withTime = true) {
    const moment = momentOf(value);
    if (!value || Number.isNaN(moment.getTime())) return "";
    const vietnam = new Date(moment.getTime() + VIETNAM_OFFSET_MINUTES * 60000);
    const day = `${pad(vietnam.getUTCDate())}/${pad(vietnam.getUTCMonth() + 1)}/${vietnam.getUTCFullYear()}`;
    return withTime ? `${day} ${pad(vietnam.getUTCHours())}:${pad(vietnam.getUTCMinutes())}` : day;
  }

  /* What a writer typed as a date, as the widget's value; null when it is not one. */
  function dateFromPeople(text) {
    const iso = dateFromFile(String(text || "").trim().replace(/\s+/g, " "));
    const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso);
    if (!match) return null;
    const [year, month, day, hour, minute] = match.slice(1).map(Number);
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute));
    const same =
      check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day && check.getUTCHours() === hour && check.getUTCMinutes() === minute;
    return same ? iso : null;
  }

  /* Why what a writer typed in a date box is no date, in words; "" when it is one. */
  function dateProblem(label, text, withTime = true) {
    if (!text || dateFromPeople(text)) return "";
    const iso = dateFromFile(String(text).trim().replace(/\s+/g, " "));
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso)) {
      return `${label} “${text}” không có trên lịch (như ngày 31/02): xem lại ngày, tháng, giờ.`;
    }
    const example = withTime ? "05/11/2026 16:20" : "15/10/2026";
    return `${label} “${text}” chưa đúng: viết ngày/tháng/năm${withTime ? " giờ:phút" : ""}, ví dụ ${example}.`;
  }

  /* This minute, as the widget's value (Vietnam wall time). */
  function nowInVietnam() {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    return dateFromFile(dateToFile(now));
  }

  /* Names typed as "a, b" (or "a; b"), split as the gate splits them. */
  /* The site's one list rule: commas and semicolons (vn_text/fields.py). */
  function splitNames(text) {
    return String(text || "").split(/[,;]/).map((name) => name.trim()).filter(Boolean);
  }

  /* A caption as a sentence, so "Ảnh: …" after it reads apart (photos/gallery.py). */
  function captionSentence(caption, ends) {
    const text = String(caption || "").trim();
    return !text || ends.includes(text.slice(-1)) ? text : `${text}.`;
  }

  /* Text with what a reader cannot see replaced (editorial/invisible.py's table). */
  function withoutInvisible(text, invisible) {
    return [...String(text)].map((char) => (char in invisible ? invisible[char] : char)).join("");
  }

  /* Split a story file as vn_text/front_matter.py does. */
  function splitStory(text) {
    const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    const fields = {};
    let index = lines.length && lines[0].trim() === "---" ? 1 : 0;
    let current = null;
    while (index < lines.length) {
      const line = lines[index];
      if (!line.trim() || (index && FENCES.includes(line.trim()))) {
        index += 1;
        break;
      }
      const field = FIELD_LINE.exec(line);
      const more = CONTINUATION_LINE.exec(line);
      if (field) {
        current = field[1].toLowerCase();
        fields[current] = fields[current] ? [...fields[current], field[2]] : [field[2]];
      } else if (more && current) {
        fields[current].push(more[1]);
      } else {
        break;
      }
      index += 1;
    }
    if (!Object.keys(fields).length) index = 0;
    const joined = {};
    for (const [key, values] of Object.entries(fields)) {
      joined[key] = values.map((value) => value.trim()).join(" ").trim();
    }
    return { fields: joined, lines: fields, body: lines.slice(index).join("\n") };
  }

  function makeFormat(story) {
    const kinds = Object.fromEntries(story.fields.map((f) => [f.key, f.kind]));
    const names = Object.fromEntries(story.fields.map((f) => [f.key, f.name]));
    const order = story.fields.map((f) => f.key);

    function valueFromFile(key, text) {
      const kind = kinds[key];
      if (LIST_KINDS.includes(kind)) {
        // The site's one list rule: commas and semicolons (vn_text/fields.py).
        return text.split(/[,;]/).map((name) => name.trim()).filter(Boolean);
      }
      if (kind === "day") return dateFromFile(text);
      if (kind === "flag") {
        const word = text.toLowerCase();
        if (story.yes.includes(word)) return true;
        if (story.no.includes(word)) return false;
      }
      if (kind === "date") return dateFromFile(text);
      return text;
    }

    /* "photo | alt | caption | credit" (or "file | label"), one item per line. */
    function piped(kind, lines) {
      return lines
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const parts = line.split("|").map((part) => part.trim());
          return Object.fromEntries(PIPE_KINDS[kind].map((name, at) => [name, parts[at] || ""]));
        });
    }

    function pipedToFile(kind, items) {
      const [first, ...rest] = PIPE_KINDS[kind];
      const part = (value) => oneLine(value || "").replace(/\|/g, "/");
      return items
        .filter((item) => item && item[first])
        .map((item) => [first, ...rest].map((name) => part(item[name])).join(" | ").replace(/( \| )+$/, ""))
        .join("\n    ");
    }

    function valueToFile(key, value) {
      if (value === null || value === undefined) return "";
      if (kinds[key] in PIPE_KINDS) return Array.isArray(value) ? pipedToFile(kinds[key], value) : "";
      if (kinds[key] === "day") return value ? dateForPeople(dateFromPeople(value) || value, false) : "";
      if (Array.isArray(value)) {
        return value.map((v) => oneLine(v)).filter(Boolean).join(", ");
      }
      if (typeof value === "boolean") return value ? "có" : "không";
      if (kinds[key] === "date") return value ? dateToFile(value) : "";
      return oneLine(value);
    }

    return {
      fromFile(text) {
        const { fields, lines, body } = splitStory(text);
        const data = {};
        for (const [key, value] of Object.entries(fields)) {
          data[key] = kinds[key] in PIPE_KINDS ? piped(kinds[key], lines[key]) : valueFromFile(key, value);
        }
        data.body = body.replace(/^\n+/, "");
        return data;
      },
      toFile(data) {
        const keys = [...order, ...Object.keys(data).filter((k) => !order.includes(k))];
        const lines = [];
        for (const key of keys) {
          if (key === "body" || !(key in data)) continue;
          const text = valueToFile(key, data[key]);
          if (!text) continue;
          const name = names[key] || key.charAt(0).toUpperCase() + key.slice(1);
          lines.push(`${name}: ${text}`);
        }
        const body = String(data.body || "").normalize("NFC").replace(/\s+$/, "");
        return `${lines.join("\n")}\n\n${body}\n`;
      },
    };
  }

  /* One line, NFC, as the story header needs. */
  function oneLine(value) {
    return String(value).normalize("NFC").replace(/\s+/g, " ").trim();
  }

  /* What the gate would refuse and the form cannot see: say it before saving. */
  function problemsOf(data, story) {
    const problems = [];
    const image = data.image;
    if (image && !oneLine(data.image_alt || "")) {
      problems.push("Ảnh đại diện chưa có mô tả: hãy điền “Mô tả ảnh”.");
    }
    const suffix = image ? String(image).toLowerCase().replace(/^.*(\.[^.]*)$/, "$1") : "";
    if (image && !story.photo_suffixes.includes(suffix)) {
      problems.push(
        `Tệp ${image} không phải ảnh: chọn ảnh ${story.photo_suffixes.join(", ")}.`,
      );
    }
    for (const photo of Array.isArray(data.gallery) ? data.gallery : []) {
      if (photo && photo.photo && !oneLine(photo.alt || "")) {
        problems.push(`Ảnh ${photo.photo} của phóng sự ảnh chưa có mô tả.`);
      }
    }
    for (const match of String(data.body || "").matchAll(MARKDOWN_IMAGE)) {
      if (!match[1].trim()) {
        problems.push(`Ảnh ${match[2]} trong nội dung chưa có mô tả ảnh.`);
      }
    }
    const approver = data.approver;
    const authors = Array.isArray(data.authors) ? data.authors : splitNames(data.authors);
    if (approver && authors.some((author) => slugify(author) === slugify(approver))) {
      problems.push(`Người duyệt ${approver} là tác giả bài: hãy chọn người khác.`);
    }
    const units = story.approvers[approver];
    if (approver && data.unit && units && !units.includes(story.every_unit)) {
      if (!units.includes(data.unit)) {
        problems.push(`Người duyệt ${approver} không duyệt bài của ${data.unit}.`);
      }
    }
    return problems;
  }

  /* The documents gate's rules the form cannot see (documents/checks.py's words). */
  function documentProblemsOf(data, spec) {
    const problems = [];
    const number = oneLine(data.number || "");
    const parts = number ? new RegExp(spec.number_pattern, "u").exec(number) : null;
    if (number && !parts) {
      problems.push(
        `Số, ký hiệu “${number}” không đúng mẫu “số/LOẠI-CƠ QUAN”, ví dụ 227/KH-UBND hoặc 12/2026/QĐ-UBND.`,
      );
    }
    const code = parts ? parts.groups.symbol.split("-")[0] : "";
    const wanted = spec.type_codes[data.type];
    if (parts && wanted && code !== wanted) {
      problems.push(`Ký hiệu “${code}” không khớp loại “${data.type}” (phải là ${wanted}).`);
    }
    const issued = dateFromPeople(data.date || "");
    const expires = dateFromPeople(data.expires || "");
    if (issued && expires && momentOf(expires) < momentOf(issued)) {
      problems.push("Ngày hết hiệu lực trước ngày ban hành.");
    }
    for (const item of Array.isArray(data.files) ? data.files : []) {
      if (item && item.file && !/\.pdf$/i.test(item.file)) {
        problems.push(`Tệp “${item.file}”: chỉ nhận tệp PDF.`);
      }
    }
    const approver = data.approver;
    if (approver && data.signer && slugify(approver) === slugify(data.signer)) {
      problems.push(`Người duyệt ${approver} cũng là người ký; cần một người khác.`);
    }
    const units = spec.approvers[approver];
    if (approver && data.issuer && units && !units.includes(spec.every_unit)) {
      if (!units.includes(data.issuer)) {
        problems.push(`Người duyệt ${approver} không được duyệt văn bản của ${data.issuer}.`);
      }
    }
    return problems;
  }

  /* A refusal whose words are the message alone (Decap shows `${error}`). */
  class Refusal extends Error {
    toString() {
      return this.message;
    }
  }

  /* Header text as the gate wants it: nothing a reader cannot see. */
  function cleaned(data, invisible) {
    let result = data;
    for (const [key, value] of data.entrySeq ? data.entrySeq().toArray() : []) {
      if (typeof value === "string") result = result.set(key, withoutInvisible(value, invisible));
    }
    return result;
  }

  function fillOnSave(entry, story, spec = story, check = problemsOf) {
    let data = cleaned(entry.get("data"), story.invisible || {});
    const problems = check(data.toJS(), spec);
    Summary.show(problems.map((message) => ({ message })));
    if (problems.length) {
      throw new Refusal(problems.length === 1 ? problems[0] : `${problems.length} chỗ cần sửa, xem đầu biểu mẫu.`);
    }
    const hasSlug = spec.fields.some((field) => field.key === "slug");
    if (entry.get("newRecord") && data.get("id")) {
      // A copy ("Công bố và sao chép") is a new story: never the original's Id or slug.
      data = data.set("id", "");
      if (hasSlug) data = data.set("slug", "");
    }
    if (!data.get("id")) data = data.set("id", newId());
    if (hasSlug && !data.get("slug")) data = data.set("slug", slugify(data.get("title")));
    // What reaches main through the newsroom has been approved.
    return data.set("status", "published");
  }

  /* HEIC photos shown in the preview as JPEG: browsers cannot draw HEIC. */
  const HeicPreview = (() => {
    const ready = {};
    let decoder = null;

    function load(src) {
      return new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = () => resolve(window.heic2any);
        script.onerror = reject;
        document.head.append(script);
      });
    }

    async function convert(url, story) {
      decoder = decoder || load(story.heic_decoder);
      const heic2any = await decoder;
      const blob = await (await fetch(url)).blob();
      const jpeg = await heic2any({ blob, toType: "image/jpeg", quality: 0.8 });
      return URL.createObjectURL(Array.isArray(jpeg) ? jpeg[0] : jpeg);
    }

    /* The address to show for ``path``: at once, or "" until converted. */
    function of(path, url, story, redraw) {
      if (!/\.hei[cf]$/i.test(path)) return url;
      if (!(path in ready)) {
        ready[path] = "";
        convert(url, story).then(
          (converted) => {
            ready[path] = converted;
            redraw();
          },
          () => delete ready[path],
        );
      }
      return ready[path];
    }

    return { of };
  })();

  function previewTemplate(story) {
    const h = window.h;
    return window.createClass({
      render() {
        const entry = this.props.entry;
        const data = (key) => entry.getIn(["data", key]);
        const listed = (key) => {
          const value = data(key);
          return value && value.toJS ? value.toJS().join(", ") : value || "";
        };
        const image = data("image");
        const photoField = this.props.collection
          .get("fields")
          .find((field) => field.get("name") === "image");
        const asset = image ? this.props.getAsset(image, photoField) : null;
        const source = asset ? HeicPreview.of(image, asset.toString(), story, () => this.forceUpdate()) : "";
        const byline = [listed("authors"), data("unit")].filter(Boolean).join(" – ");
        const communes = listed("communes");
        const date = dateForPeople(data("date"));
        const caption = [
          captionSentence(data("image_caption"), story.sentence_ends),
          data("image_credit") && `Ảnh: ${data("image_credit")}`,
        ]
          .filter(Boolean)
          .join(" ");
        return h(
          "main",
          { className: "dh-main" },
          h(
            "article",
            { className: "dh-article" },
            h("p", { className: "dh-article__section" }, data("section")),
            h("h1", { className: "dh-article__title" }, data("title")),
            data("summary") && h("p", { className: "dh-article__summary" }, data("summary")),
            h(
              "p",
              { className: "dh-article__byline" },
              byline,
              communes ? ` · ${communes}` : "",
              h("br"),
              date,
            ),
            source &&
              h(
                "figure",
                { className: "dh-article__figure" },
                h("img", { src: source, alt: data("image_alt") || "" }),
                caption && h("figcaption", null, caption),
              ),
            h("div", { className: "dh-article__body" }, this.props.widgetFor("body")),
          ),
        );
      },
    });
  }

  /*
   * Text pasted from Word or Google Docs: headings, lists, bold, italics and
   * links kept; what a reader cannot see replaced; Word's "·   " bullets made
   * a real list. The editor then receives the cleaned copy.
   */
  const Paste = (() => {
    const DROPPED = "style, meta, title, link, script, xml, head";
    const KEPT_ATTRIBUTES = { A: ["href"], IMG: ["src", "alt"] };
    // Word's bullets as text; its second-level "o" only when spaces follow it.
    const BULLET = /^\s*(?:[·•▪◦§\-–]\s+|o\s{2,})/;
    const NUMBERED = /^\s*(\d+|[a-zA-Z]|[ivxIVX]+)[.)]\s+/;
    const mine = new WeakSet();

    function unwrap(node) {
      node.replaceWith(...node.childNodes);
    }

    function wrapIn(node, tag) {
      const wrapper = node.ownerDocument.createElement(tag);
      wrapper.append(...node.childNodes);
      node.append(wrapper);
    }

    /* Word's list paragraphs ("mso-list"), or paragraphs that start with a bullet. */
    function listMarker(paragraph) {
      const ignored = paragraph.querySelector('[style*="mso-list:Ignore"], [style*="mso-list: Ignore"]');
      if (ignored) {
        const marker = ignored.textContent;
        ignored.remove();
        return NUMBERED.test(`${marker} `) ? "OL" : "UL";
      }
      const text = paragraph.textContent;
      const style = paragraph.getAttribute("style") || "";
      if (/mso-list:\s*l\d/.test(style) || /MsoListParagraph/.test(paragraph.className)) {
        return NUMBERED.test(text) ? "OL" : "UL";
      }
      if (BULLET.test(text.replace(/\u00a0/g, " "))) return "UL";
      return "";
    }

    /* Remove a leading marker left as text ("·   ", "1.  ") from a list item. */
    function dropTextMarker(item) {
      const walker = item.ownerDocument.createTreeWalker(item, NodeFilter.SHOW_TEXT);
      const first = walker.nextNode();
      if (first) {
        first.textContent = first.textContent.replace(/\u00a0/g, " ").replace(BULLET, "").replace(/^\s+/, "");
      }
    }

    function makeLists(body) {
      for (const paragraph of [...body.querySelectorAll("p")]) {
        if (!paragraph.isConnected || paragraph.closest("li")) continue;
        const kind = listMarker(paragraph);
        if (!kind) continue;
        const previous = paragraph.previousElementSibling;
        const list =
          previous && previous.tagName === kind && previous.dataset.fromWord
            ? previous
            : paragraph.ownerDocument.createElement(kind);
        if (list !== previous) {
          list.dataset.fromWord = "1";
          paragraph.before(list);
        }
        const item = paragraph.ownerDocument.createElement("li");
        item.append(...paragraph.childNodes);
        dropTextMarker(item);
        list.append(item);
        paragraph.remove();
      }
    }

    function cleanHtml(html, invisible) {
      const page = new DOMParser().parseFromString(html, "text/html");
      const body = page.body;
      for (const node of [...body.querySelectorAll(DROPPED)]) node.remove();
      const comments = page.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
      const dead = [];
      while (comments.nextNode()) dead.push(comments.currentNode);
      for (const node of dead) node.remove();
      // Google Docs wraps everything in a <b> that is not bold.
      for (const node of [...body.querySelectorAll('b[id^="docs-internal-guid"]')]) unwrap(node);
      for (const node of [...body.querySelectorAll("*")]) {
        if (node.tagName.includes(":")) unwrap(node); // Word's <o:p>
      }
      makeLists(body);
      // Word's <b> and <i>: the editor reads only <strong> and <em>.
      for (const [from, to] of [["b", "strong"], ["i", "em"]]) {
        for (const node of [...body.querySelectorAll(from)]) {
          const better = page.createElement(to);
          better.append(...node.childNodes);
          node.replaceWith(better);
        }
      }
      for (const span of [...body.querySelectorAll("span")]) {
        const style = (span.getAttribute("style") || "").replace(/\s/g, "");
        if (/font-weight:(bold|[6-9]00)/.test(style)) wrapIn(span, "strong");
        if (/font-style:italic/.test(style)) wrapIn(span, "em");
        unwrap(span);
      }
      for (const paragraph of [...body.querySelectorAll("li > p")]) unwrap(paragraph);
      // Between blocks, a <br> (Google's "Apple-interchange-newline") or the
      // source's line breaks are no text: the editor would make them lines.
      for (const node of [...body.childNodes]) {
        const blank = node.nodeType === Node.TEXT_NODE && !node.textContent.trim();
        if (blank || node.nodeName === "BR") node.remove();
      }
      for (const node of body.querySelectorAll("*")) {
        const kept = KEPT_ATTRIBUTES[node.tagName] || [];
        for (const name of node.getAttributeNames()) if (!kept.includes(name)) node.removeAttribute(name);
      }
      const texts = page.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      while (texts.nextNode()) {
        const node = texts.currentNode;
        // A line break in HTML source is a space (the editor would drop it).
        node.textContent = withoutInvisible(node.textContent.replace(/[ \t]*[\r\n]+[ \t]*/g, " "), invisible);
      }
      return body.innerHTML;
    }

    function cleanPlain(text, invisible) {
      return withoutInvisible(
        String(text)
          .split(/\r?\n/)
          .map((line) => line.replace(/\u00a0/g, " ").replace(BULLET, "- "))
          .join("\n"),
        invisible,
      );
    }

    function onPaste(event, invisible) {
      if (mine.has(event) || !event.clipboardData) return;
      const target = event.target;
      const field = target.closest && target.closest("input, textarea");
      const plain = event.clipboardData.getData("text/plain");
      if (field) {
        const single = field.tagName === "INPUT";
        const text = withoutInvisible(plain, invisible);
        const clean = single ? text.replace(/\s*\n\s*/g, " ") : text;
        if (clean === plain) return;
        event.preventDefault();
        document.execCommand("insertText", false, clean);
        return;
      }
      const editor = target.closest && target.closest('[data-slate-editor="true"]');
      const html = event.clipboardData.getData("text/html");
      if (!editor || (!html && !plain)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const data = new DataTransfer();
      if (html) data.setData("text/html", cleanHtml(html, invisible));
      data.setData("text/plain", cleanPlain(plain, invisible));
      // Slate takes a paste in Chromium from the "beforeinput" that follows it,
      // which a cancelled paste never sends: send it with the cleaned copy.
      const selection = document.getSelection();
      const here = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
      const copy = new InputEvent("beforeinput", {
        inputType: "insertFromPaste",
        dataTransfer: data,
        // Where the caret is now, which the editor may not have caught up with.
        targetRanges: here ? [new StaticRange(here)] : [],
        bubbles: true,
        cancelable: true,
      });
      mine.add(copy);
      editor.dispatchEvent(copy);
    }

    function watch(invisible) {
      document.addEventListener("paste", (event) => onPaste(event, invisible), true);
    }

    return { cleanHtml, cleanPlain, watch };
  })();

  /*
   * Every problem of a refused save, listed above the form in a box that stays
   * until the next save; each links to its field, which Decap marks in red.
   */
  const Summary = (() => {
    const BOX = "dh-summary";
    const NOT_THERE =
      "Không có bài ở địa chỉ này: bài đã bị xóa, địa chỉ bị gõ sai, hoặc là bài chưa công bố " +
      "của một đơn vị mà anh/chị không phụ trách. Đừng điền vào biểu mẫu trống này; hãy quay " +
      "lại danh sách bài.";

    function form() {
      const label = document.querySelector('label[for$="-field"], label[for*="-field-"]');
      let node = label;
      // The form is the nearest ancestor that holds every field label.
      const count = document.querySelectorAll("label[for]").length;
      while (node && node.querySelectorAll("label[for]").length < count) node = node.parentElement;
      return node;
    }

    /* The messages Decap shows on fields, each with its field's id and label. */
    function fieldErrors() {
      const found = [];
      for (const label of document.querySelectorAll("label[for]")) {
        const list = label.nextElementSibling;
        if (!list || list.tagName !== "UL") continue;
        for (const item of list.querySelectorAll("li")) {
          found.push({ message: item.textContent.trim(), field: label.htmlFor });
        }
      }
      return found;
    }

    /*
     * ``saved``: the story was saved, and these are the server's warnings
     * (a polite box); else they are why it was not (an alert).
     */
    function show(problems, saved = false, title = "") {
      const old = document.getElementById(BOX);
      if (old) old.remove();
      const where = problems.length ? form() : null;
      if (!where) return;
      const box = document.createElement("div");
      box.id = BOX;
      box.className = saved ? `${BOX} ${BOX}--saved` : BOX;
      box.setAttribute("role", saved ? "status" : "alert");
      box.tabIndex = -1;
      const heading = document.createElement("h2");
      if (saved) heading.textContent = "Đã lưu. Nên xem lại trước khi gửi duyệt:";
      else if (title) heading.textContent = title;
      else {
        heading.textContent =
          problems.length === 1 ? "Chưa lưu được: còn một chỗ cần sửa" : `Chưa lưu được: còn ${problems.length} chỗ cần sửa`;
      }
      const list = document.createElement("ul");
      for (const problem of problems) {
        const item = document.createElement("li");
        const text = problem.field ? document.createElement("a") : document.createElement("span");
        text.textContent = problem.message;
        if (problem.field) {
          text.href = `#${problem.field}`;
          text.addEventListener("click", (event) => {
            event.preventDefault();
            const target = document.getElementById(problem.field);
            if (target) target.focus();
          });
        }
        item.append(text);
        list.append(item);
      }
      box.append(heading, list);
      where.prepend(box);
      box.scrollIntoView({ block: "nearest" });
    }

    /* After a click on "Lưu", list what Decap refused (the save hook lists its own). */
    function watchSaves() {
      document.addEventListener(
        "click",
        (event) => {
          const button = event.target.closest && event.target.closest("button");
          if (!button || button.textContent.trim() !== "Lưu") return;
          setTimeout(() => {
            const errors = fieldErrors();
            if (errors.length) show(errors);
          }, 300);
        },
        true,
      );
    }

    /* A field of the form by the name the server gives it ("title"), as its id. */
    function fieldId(name) {
      if (!name) return "";
      const label = document.querySelector(`label[for^="${CSS.escape(name)}-field"]`);
      return label ? label.htmlFor : "";
    }

    /* What a save that got no answer of the server's own means, in words. */
    function unanswered(status) {
      if (status === 413) {
        return "Ảnh và tệp gửi kèm lần lưu này quá lớn. Hãy bớt ảnh, hoặc thu nhỏ ảnh rồi lưu lại.";
      }
      return `Máy chủ không trả lời được (mã ${status}). Hãy đợi một chút rồi bấm Lưu lại; nếu vẫn thế, hãy báo quản trị.`;
    }

    /* The problems of a server's reply: its list, else its one message. */
    function replied(reply) {
      const listed = Array.isArray(reply.problems) && reply.problems.length ? reply.problems : [];
      const problems = listed.length ? listed : [{ message: reply.error, field: reply.field }];
      return problems
        .filter((problem) => problem && problem.message)
        .map((problem) => ({ message: Toasts.plain(problem.message), field: fieldId(problem.field) }));
    }

    /*
     * The server's answer to a save stays above the form: a refusal (Decap
     * shows it for a few seconds only) and a saved story's warnings (Decap
     * shows none), until the next save.
     */
    function watchReplies() {
      const send = window.fetch;
      window.fetch = async function fetchWatched(...request) {
        const response = await send.apply(this, request);
        const body = request[1] && request[1].body;
        if (typeof body === "string" && body.includes('"action":"getEntry"')) {
          notThere(response.clone(), body);
          return response;
        }
        if (typeof body !== "string" || !body.includes('"action":"persistEntry"')) return response;
        let reply = null;
        try {
          reply = await response.clone().json();
        } catch {
          reply = null; // not the server's JSON: a proxy's page, a cut connection
        }
        if (response.ok) {
          if (reply && Array.isArray(reply.warnings)) show(replied({ problems: reply.warnings }), true);
        } else if (reply && Array.isArray(reply.problems) && reply.problems.length) {
          show(replied(reply));
        } else {
          const message = reply && reply.error ? Toasts.plain(reply.error) : unanswered(response.status);
          show([{ message, field: fieldId(reply && reply.field) }], false, "Chưa lưu được");
        }
        return response;
      };
    }

    /*
     * The address of a story that is not there: deleted, mistyped, or another
     * unit's draft, which the server answers as missing so as not to say whose
     * it is. Decap then opens an empty form marked published; say so above it.
     */
    async function notThere(response, body) {
      const route = /^#\/collections\/[^/?]+\/entries\/([^/?]+)/.exec(location.hash);
      let reply = null;
      let path = "";
      try {
        reply = await response.json();
        path = JSON.parse(body).params.path || "";
      } catch {
        return;
      }
      if (!route || !reply || reply.data !== null || !path.endsWith(`/${decodeURIComponent(route[1])}.md`)) return;
      const opened = location.hash;
      for (let wait = 0; wait < 50 && !form(); wait += 1) await new Promise((done) => setTimeout(done, 200));
      if (location.hash === opened) show([{ message: NOT_THERE }], false, "Không mở được bài này");
    }

    return { show, form, fieldErrors, watchSaves, watchReplies };
  })();

  /*
   * What was typed and not saved, kept for its writer when Decap cannot give
   * it back. Decap keeps a copy of a story being edited, but restoring it
   * after a reload or a new sign-in empties the form and then saves the empty
   * form over the copy (decap-cms #5055, #6989). So the newsroom follows
   * Decap's copy into its own ("latest"); when Decap asks whether to restore,
   * it keeps that copy for the writer ("held", newest first), answers "no",
   * and shows the held copies above the form to copy back, until the writer
   * lets them go. Without a copy of its own (typed a moment before), it lets
   * Decap ask. Signing out, or
   * another account signing in, clears them with Decap's own copies
   * (dang-nhap.js clears localStorage).
   */
  const Unsaved = (() => {
    const PREFIX = "dh-chua-luu:";
    const BOX = "dh-chua-luu";
    const HELD = 3;
    const EDITOR = /^#\/collections\/([^/?]+)\/(?:new|entries\/([^/?]+))/;

    /* Decap's key for the story this page edits ("backup.thoi-su" when new). */
    function routeKey() {
      const found = EDITOR.exec(location.hash);
      if (!found) return "";
      return found[2] ? `backup.${found[1]}.${decodeURIComponent(found[2])}` : `backup.${found[1]}`;
    }

    function kept(key) {
      let value = null;
      try {
        value = JSON.parse(localStorage.getItem(PREFIX + key));
      } catch {
        value = null;
      }
      const copy = (item) => item && typeof item.raw === "string" && typeof item.at === "number";
      return {
        latest: value && copy(value.latest) ? value.latest : null,
        held: value && Array.isArray(value.held) ? value.held.filter(copy) : [],
      };
    }

    function keep(key, value) {
      if (value.latest || value.held.length) localStorage.setItem(PREFIX + key, JSON.stringify(value));
      else localStorage.removeItem(PREFIX + key);
    }

    /* Decap's copy (localforage's IndexedDB); the database is never created here. */
    function decapCopy(key) {
      return new Promise((done) => {
        if (!window.indexedDB) return done(null);
        const asked = indexedDB.open("localforage");
        asked.onupgradeneeded = () => asked.transaction.abort(); // none yet: make none
        asked.onerror = () => done(null);
        asked.onsuccess = () => {
          const base = asked.result;
          try {
            const read = base.transaction("keyvaluepairs").objectStore("keyvaluepairs").get(key);
            read.onsuccess = () => done(read.result || null);
            read.onerror = () => done(null);
          } catch {
            done(null);
          } finally {
            base.close();
          }
        };
      });
    }

    /* Follow Decap's copy of the story on screen into ours. */
    async function follow() {
      const key = routeKey();
      if (!key) return;
      const copy = await decapCopy(key);
      if (routeKey() !== key) return;
      const raw = copy && typeof copy.raw === "string" && copy.raw.trim() ? copy.raw : "";
      const mine = kept(key);
      if (raw === (mine.latest ? mine.latest.raw : "")) return;
      keep(key, { ...mine, latest: raw ? { raw, at: Date.now() } : null });
    }

    function hide() {
      const old = document.getElementById(BOX);
      if (old) old.remove();
    }

    function button(text, act) {
      const made = document.createElement("button");
      made.type = "button";
      made.textContent = text;
      made.addEventListener("click", act);
      return made;
    }

    /* The held copies above the form, once the form is there. */
    function show(tries = 40) {
      hide();
      const key = routeKey();
      const { held } = key ? kept(key) : { held: [] };
      if (!held.length) return;
      const where = Summary.form();
      if (!where) {
        if (tries > 0) setTimeout(() => show(tries - 1), 250);
        return;
      }
      const box = document.createElement("div");
      box.id = BOX;
      box.className = "dh-summary dh-summary--saved";
      box.setAttribute("role", "status");
      const heading = document.createElement("h2");
      heading.textContent = held.length === 1 ? "Bản chưa lưu của bài này" : `${held.length} bản chưa lưu của bài này`;
      const help = document.createElement("p");
      help.textContent =
        "Lần trước anh/chị gõ bài này mà chưa bấm Lưu. Phòng biên tập không tự điền lại được: " +
        "hãy chép phần cần giữ từ ô dưới đây vào biểu mẫu, rồi bấm Lưu.";
      box.append(heading, help);
      for (const copy of held) {
        const label = `Bản chưa lưu, gõ lúc ${dateForPeople(copy.at)}`;
        const title = document.createElement("h3");
        title.textContent = label;
        const text = document.createElement("textarea");
        text.readOnly = true;
        text.rows = 8;
        text.value = copy.raw;
        text.setAttribute("aria-label", label);
        const select = button("Chọn hết để chép", () => {
          text.focus();
          text.select();
        });
        box.append(title, text, select);
      }
      const drop = button(held.length === 1 ? "Bỏ bản này" : "Bỏ các bản này", () => {
        keep(key, { ...kept(key), held: [] });
        hide();
      });
      box.append(" ", drop);
      where.prepend(box);
    }

    function watch(CMS) {
      const question = CMS.getLocale("vi").editor.editor.confirmLoadBackup;
      const ask = window.confirm.bind(window);
      window.confirm = (message) => {
        const key = message === question ? routeKey() : "";
        const mine = key ? kept(key) : null;
        if (!mine || !mine.latest) return ask(message);
        const others = mine.held.filter((copy) => copy.raw !== mine.latest.raw);
        keep(key, { latest: null, held: [mine.latest, ...others].slice(0, HELD) });
        show();
        return false; // Decap then drops its copy; ours stays
      };
      // Saved: Decap drops its copy, so does ours. Held copies stay until the
      // writer lets them go: a save may come before the copying back.
      CMS.registerEventListener({
        name: "postSave",
        handler: ({ entry }) => {
          const collection = entry.get("collection");
          for (const key of [`backup.${collection}`, `backup.${collection}.${entry.get("slug")}`]) {
            keep(key, { ...kept(key), latest: null });
          }
        },
      });
      window.addEventListener("hashchange", () => show());
      setInterval(follow, 1000);
      show();
    }

    return { watch };
  })();

  /*
   * Decap writes the board's times in the browser's own zone; its format
   * (locale.py) adds the offset ("06/12/2026 05:20 -05:00"), so each is
   * rewritten here as Vietnam time, "06/12/2026 17:20", wherever the browser is.
   */
  const BoardTimes = (() => {
    const STAMP = /(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2})/g;
    // A card's excerpt is the body's start: a photo there is no text to read.
    const PHOTO = /!\[[^\]]*\]\([^)]*\)\s*/g;

    /* A card's text as a person reads it: Vietnam time, no photo's Markdown. */
    function onCard(text) {
      return inVietnamTime(String(text).replace(PHOTO, ""));
    }

    function inVietnamTime(text) {
      return String(text).replace(STAMP, (_, day, month, year, hour, minute, sign, oh, om) => {
        const offset = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
        const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute));
        return dateForPeople(utc - offset * 60000);
      });
    }

    function rewrite(node) {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = onCard(node.nodeValue);
        if (text !== node.nodeValue) node.nodeValue = text;
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) rewrite(text);
      }
    }

    function watch() {
      // Only on the board: elsewhere text nodes may be a story being typed.
      const onBoard = () => location.hash.startsWith("#/workflow");
      new MutationObserver((changes) => {
        if (!onBoard()) return;
        for (const change of changes) {
          if (change.type === "characterData") rewrite(change.target);
          for (const node of change.addedNodes) rewrite(node);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }

    return { inVietnamTime, onCard, watch };
  })();

  /*
   * Decap's toasts show an error as `${error}`: "API_ERROR: …" or "Error: …"
   * before the server's Vietnamese words. The words alone are kept.
   */
  const Toasts = (() => {
    const PREFIX = /(^|: )(?:API_ERROR|[A-Za-z]*Error): /;
    // The browser's words when an answer was not the server's JSON (a proxy's page).
    const NOT_JSON =
      /(?:Failed to execute 'json' on 'Response': )?(?:Unexpected end of JSON input|Unexpected token .* JSON|\S.* is not valid JSON)/;

    // The browser's words when the request did not reach the server at all.
    const NO_NETWORK = /Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed/;

    function plain(text) {
      const said = String(text).replace(PREFIX, "$1");
      return said
        .replace(NOT_JSON, "máy chủ không trả lời được (xem khung ở đầu biểu mẫu)")
        .replace(NO_NETWORK, "mất kết nối tới máy chủ; hãy kiểm tra mạng rồi thử lại");
    }

    function rewrite(node) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = node.nodeType === Node.TEXT_NODE ? node : walker.nextNode(); text; text = walker.nextNode()) {
        const better = plain(text.nodeValue);
        if (better !== text.nodeValue) text.nodeValue = better;
      }
    }

    function watch() {
      new MutationObserver((changes) => {
        for (const change of changes) {
          const where = change.type === "characterData" ? change.target.parentElement : change.target;
          if (!where || !where.closest || !where.closest(".Toastify")) continue;
          if (change.type === "characterData") rewrite(change.target);
          for (const node of change.addedNodes) rewrite(node);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }

    return { plain, watch };
  })();

  /*
   * Decap's "Đăng xuất" forgets only Decap's own sign-in: the server's session
   * stays, and on a shared computer the next person would be in without a
   * password. Its click also signs out of the server (a POST with the token
   * of the server's own sign-out form), then shows the sign-in page.
   */
  const SignOut = (() => {
    async function leave(address) {
      let next = address;
      try {
        const page = await fetch(address, { cache: "no-store", credentials: "same-origin" });
        const html = new DOMParser().parseFromString(await page.text(), "text/html");
        const token = html.querySelector('form[method="post"] input[name="csrfmiddlewaretoken"]');
        if (token) {
          const body = new URLSearchParams({ csrfmiddlewaretoken: token.value });
          const left = await fetch(address, { method: "POST", body, credentials: "same-origin" });
          // Signed out, the server sends the browser to its sign-in page, told
          // to clear what Decap kept here (and in the other tabs).
          if (left.ok && left.redirected) next = left.url;
        }
      } finally {
        // Else the server's own page asks again.
        location.assign(next);
      }
    }

    function watch(label, address) {
      if (!address) return;
      document.addEventListener(
        "click",
        (event) => {
          const item = event.target.closest && event.target.closest('[role="menuitem"]');
          if (item && item.textContent.trim() === label) leave(address);
        },
        true,
      );
    }

    return { watch };
  })();

  /*
   * What became of each "Công bố", from the server: a box that stays on the
   * board (the last publishes) and on a story's page (its own), follows a
   * publish still going on, and says why the public site was not updated.
   */
  const Publications = (() => {
    const BOX = "dh-publish";
    const SEEN = "dh-publish-seen";
    const POLL_MS = 2000;
    const WATCH_MS = 15 * 60 * 1000;
    const BOARD_DAYS = 3;
    const BOARD_COUNT = 5;
    let address = "";
    let records = [];
    // A publish just asked for: its story and the records known before it.
    let awaited = null;
    let timer = null;

    function seen() {
      try {
        return JSON.parse(localStorage.getItem(SEEN) || "[]");
      } catch {
        return [];
      }
    }

    function markSeen(id) {
      const ids = [id, ...seen().filter((one) => one !== id)].slice(0, 200);
      localStorage.setItem(SEEN, JSON.stringify(ids));
      show();
    }

    /* The records this page is about: the board's last few, or this story's. */
    function relevant() {
      const hidden = seen();
      const open = records.filter((record) => record.pending || !hidden.includes(record.id));
      const story = /^#\/collections\/([^/]+)\/entries\/([^/?]+)/.exec(location.hash);
      if (story) {
        return open.filter((record) => record.collection === story[1] && record.slug === story[2]).slice(0, 1);
      }
      if (!location.hash.startsWith("#/workflow")) return [];
      const since = Date.now() / 1000 - BOARD_DAYS * 86400;
      return open.filter((record) => record.started >= since).slice(0, BOARD_COUNT);
    }

    function line(className, ...parts) {
      const paragraph = document.createElement("p");
      paragraph.className = className;
      paragraph.append(...parts);
      return paragraph;
    }

    function detailList(article, label, details) {
      const shown = (details || []).filter(Boolean);
      if (!shown.length) return;
      const list = document.createElement("ul");
      list.className = `${BOX}__details`;
      for (const detail of shown) {
        const entry = document.createElement("li");
        entry.textContent = detail;
        list.append(entry);
      }
      article.append(line(`${BOX}__label`, label), list);
    }

    function item(record) {
      const article = document.createElement("article");
      article.className = `${BOX}__item ${BOX}__item--${record.state}`;
      const title = document.createElement("h2");
      title.textContent = record.title;
      article.append(title, line(`${BOX}__message`, record.message));
      const address = /^(https?:\/\/|\/)/.test(record.url || "") ? record.url : "";
      if (address && ["live", "sent", "scheduled"].includes(record.state)) {
        const link = document.createElement("a");
        link.href = address;
        link.textContent = address;
        link.rel = "noopener";
        link.target = "_blank";
        const what = record.what || "bài";
        const lead = record.state === "live" ? `Địa chỉ của ${what}: ` : `${what[0].toUpperCase()}${what.slice(1)} sẽ có ở địa chỉ: `;
        article.append(line(`${BOX}__address`, lead, link));
      }
      if (record.reason) article.append(line(`${BOX}__reason`, record.reason));
      const label = record.state === "refused" ? "Cần sửa:" : "Chi tiết (để báo quản trị):";
      detailList(article, label, record.details);
      // Served to admins only: the server's own error, as it was said.
      detailList(article, "Lỗi của máy chủ (chỉ quản trị thấy):", record.server_details);
      article.append(line(`${BOX}__when`, `Công bố lúc ${dateForPeople(record.started * 1000)}`));
      if (!record.pending) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = `${BOX}__seen`;
        button.textContent = "Đã xem, ẩn đi";
        button.addEventListener("click", () => markSeen(record.id));
        article.append(button);
      }
      return article;
    }

    function box() {
      let found = document.getElementById(BOX);
      if (!found) {
        found = document.createElement("section");
        found.id = BOX;
        found.className = BOX;
        found.setAttribute("role", "status");
        found.setAttribute("aria-live", "polite");
        found.setAttribute("aria-label", "Kết quả công bố");
        document.body.append(found);
      }
      return found;
    }

    /* The box stays in the page, empty when there is nothing to say, so a
       screen reader announces what comes into it. */
    function show() {
      box().replaceChildren(...relevant().map(item));
    }

    async function refresh() {
      try {
        const response = await fetch(address, { cache: "no-store", credentials: "same-origin" });
        if (response.ok) records = (await response.json()).publications || [];
      } catch {
        // Offline for a moment: the next poll tries again.
      }
      show();
      schedule();
    }

    /* True while the publish asked for has no outcome yet (and not for ever). */
    function waiting() {
      if (!awaited || Date.now() > awaited.until) return false;
      const done = records.some(
        (record) =>
          record.collection === awaited.collection && record.slug === awaited.slug &&
          !awaited.known.includes(record.id) && !record.pending,
      );
      if (done) awaited = null;
      return !done;
    }

    function schedule() {
      clearTimeout(timer);
      if (records.some((record) => record.pending) || waiting()) timer = setTimeout(refresh, POLL_MS);
    }

    function watch(CMS, url) {
      if (!url) return;
      address = url;
      CMS.registerEventListener({
        name: "prePublish",
        handler: ({ entry }) => {
          awaited = {
            collection: entry.get("collection"),
            slug: entry.get("slug"),
            known: records.map((record) => record.id),
            until: Date.now() + WATCH_MS,
          };
          refresh();
        },
      });
      // A handler's answer would replace the entry's data: these answer nothing.
      CMS.registerEventListener({
        name: "postPublish",
        handler: () => {
          refresh();
        },
      });
      window.addEventListener("hashchange", refresh);
      refresh();
    }

    return { watch };
  })();

  /* The form's own widgets: typed text with a live count, and Vietnamese dates. */
  function registerWidgets(CMS, story) {
    const h = window.h;
    const tooLong = (field, value) => {
      const limit = field.get("max_length");
      const length = [...oneLine(value || "")].length;
      if (!limit || length <= limit) return "";
      const label = field.get("label");
      return `${story.too_long.replace("{label}", label).replace("{length}", length).replace("{limit}", limit)}.`;
    };

    const textOf = (value) => (value === null || value === undefined ? "" : String(value));
    /* The field shows what was typed, kept here: on a slow phone Decap's copy
       can lag a keystroke behind, and showing it would take back what was
       typed since. A change from elsewhere (a restored draft) shows when the
       writer is not typing in the field. */
    const TextControl = window.createClass({
      getInitialState() {
        return { text: textOf(this.props.value) };
      },
      componentDidUpdate(previous) {
        const text = textOf(this.props.value);
        if (this.props.value !== previous.value && !this.typing && text !== this.state.text) {
          this.setState({ text });
        }
      },
      isValid() {
        const { field, value } = this.props;
        // Spaces alone are no title: Decap counts them as filled in.
        const blank = field.get("required") !== false && textOf(value) !== "" && !textOf(value).trim();
        const message = blank ? `Thiếu trường bắt buộc: ${field.get("label")}.` : tooLong(field, value);
        return message ? { error: { type: "CUSTOM", message } } : true;
      },
      render() {
        const { field, onChange, forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
        const text = this.state.text;
        const multiline = field.get("multiline");
        const limit = field.get("max_length");
        const input = h(multiline ? "textarea" : "input", {
          id: forID,
          className: classNameWrapper,
          value: text,
          type: multiline ? undefined : "text",
          rows: multiline ? 3 : undefined,
          onChange: (event) => {
            this.setState({ text: event.target.value });
            onChange(event.target.value);
          },
          onFocus: () => {
            this.typing = true;
            setActiveStyle();
          },
          onBlur: () => {
            this.typing = false;
            setInactiveStyle();
          },
          "aria-describedby": limit ? `dh-count-${forID}` : undefined,
        });
        if (!limit) return input;
        const over = tooLong(field, text);
        const count = h(
          "p",
          { id: `dh-count-${forID}`, className: over ? "dh-count dh-count--over" : "dh-count", "aria-live": "polite" },
          over || `${[...oneLine(text)].length}/${limit} ký tự`,
        );
        return h("div", null, input, count);
      },
    });

    const DateControl = window.createClass({
      getInitialState() {
        return { text: dateForPeople(this.props.value, this.props.field.get("time") !== false) };
      },
      componentDidMount() {
        if (!this.props.value && this.props.field.get("now")) this.props.onChange(nowInVietnam());
      },
      componentDidUpdate(previous) {
        const { value, field } = this.props;
        if (value !== previous.value && value && dateFromPeople(value) && dateFromPeople(this.state.text) !== value) {
          this.setState({ text: dateForPeople(value, field.get("time") !== false) });
        }
      },
      isValid() {
        const { value, field } = this.props;
        const message = dateProblem(field.get("label"), value, field.get("time") !== false);
        return message ? { error: { type: "CUSTOM", message } } : true;
      },
      render() {
        const { field, onChange, forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
        const withTime = field.get("time") !== false;
        const change = (text) => {
          this.setState({ text });
          onChange(text.trim() ? dateFromPeople(text) || text : "");
        };
        return h(
          "div",
          { className: "dh-date" },
          h("input", {
            id: forID,
            className: classNameWrapper,
            type: "text",
            inputMode: "numeric",
            placeholder: withTime ? "ngày/tháng/năm giờ:phút" : "ngày/tháng/năm",
            value: this.state.text,
            onChange: (event) => change(event.target.value),
            onFocus: setActiveStyle,
            onBlur: setInactiveStyle,
          }),
          h(
            "button",
            { type: "button", className: "dh-date__now", onClick: () => change(dateForPeople(nowInVietnam(), withTime)) },
            withTime ? "Bây giờ" : "Hôm nay",
          ),
        );
      },
    });

    const TextPreview = window.createClass({
      render() {
        return h("p", null, this.props.value || "");
      },
    });
    const DatePreview = window.createClass({
      render() {
        return h("p", null, dateForPeople(this.props.value, this.props.field.get("time") !== false));
      },
    });
    CMS.registerWidget("dh-text", TextControl, TextPreview, {
      properties: { max_length: { type: "integer" }, multiline: { type: "boolean" } },
    });
    // In place of Decap's own, whose field shows the browser's locale ("12:06 PM").
    CMS.registerWidget("datetime", DateControl, DatePreview, {
      properties: { now: { type: "boolean" }, time: { type: "boolean" } },
    });
  }

  /* The inline photo of the text, with Vietnamese labels and no "from URL". */
  function registerPhotoComponent(CMS) {
    const h = window.h;
    CMS.registerEditorComponent({
      id: "image",
      label: "Ảnh",
      fields: [
        { label: "Ảnh", name: "image", widget: "image", choose_url: false, media_library: { allow_multiple: false } },
        { label: "Mô tả ảnh (bắt buộc)", name: "alt", widget: "string" },
        // Decap adds "(không bắt buộc)" to fields not required.
        { label: "Tên ảnh, hiện khi trỏ chuột vào ảnh", name: "title", widget: "string", required: false },
      ],
      pattern: /^!\[([^\]]*)\]\((.*?)(\s"([^"]*)")?\)/,
      fromBlock: (match) => match && { image: match[2], alt: match[1], title: match[4] },
      toBlock: ({ alt, image, title }) =>
        `![${alt || ""}](${image || ""}${title ? ` "${title.replace(/"/g, '\\"')}"` : ""})`,
      toPreview: ({ alt, image, title }, getAsset, fields) => {
        const field = fields && fields.find((f) => f.get("widget") === "image");
        return h("img", { src: getAsset(image, field) || "", alt: alt || "", title: title || "" });
      },
    });
  }

  /* Decap's own "vi" with our words laid over it. */
  function merged(base, over) {
    const result = { ...(base || {}) };
    for (const [key, value] of Object.entries(over)) {
      result[key] = value && typeof value === "object" ? merged(result[key], value) : value;
    }
    return result;
  }

  /* As the newsroom server says: "writer" or "approver", the names of the
     person's units and its sign-out address. This computer is an approver. */
  async function accountOf(story) {
    const nobody = { role: "writer", units: [], sign_out: "" };
    if (!story.role_url) return { ...nobody, role: "approver" };
    try {
      const response = await fetch(story.role_url, { cache: "no-cache", credentials: "same-origin" });
      const answer = response.ok ? await response.json() : {};
      return {
        role: answer.role === "approver" ? "approver" : "writer",
        units: Array.isArray(answer.units) ? answer.units : [],
        sign_out: typeof answer.sign_out === "string" ? answer.sign_out : "",
      };
    } catch {
      return nobody;
    }
  }

  /* The form for this person: approver-only fields hidden from a writer (their
     values kept as they are), no publishing controls for a writer (Decap's own
     "publish: false"; the server refuses a writer's publish anyway), and a new
     story's unit theirs when they have one. */
  function forAccount(cms, keys, account) {
    const units = account.units || [];
    const own = (field) =>
      field.name === "unit" && units.length === 1 && (field.options || []).includes(units[0])
        ? { ...field, default: units[0] }
        : field;
    const hide = (field) =>
      account.role !== "approver" && keys.includes(field.name)
        ? { label: field.label, name: field.name, widget: "hidden", required: false }
        : own(field);
    const approver = account.role === "approver";
    return {
      ...cms,
      collections: cms.collections.map((collection) => ({
        ...collection,
        ...(collection.fields ? { fields: collection.fields.map(hide) } : {}),
        ...(approver ? {} : { publish: false }),
      })),
    };
  }

  /* Only an approver makes a story ready: a writer's status menu offers
     "Bản nháp" and "Đang xét duyệt", not ``label``. */
  function withoutChoice(label) {
    const hide = (node) => {
      if (!node.querySelectorAll) return;
      for (const item of [node, ...node.querySelectorAll('[role="menuitem"]')]) {
        if (item.getAttribute("role") === "menuitem" && item.textContent.trim() === label) {
          item.style.display = "none";
        }
      }
    };
    new MutationObserver((changes) => {
      for (const change of changes) change.addedNodes.forEach(hide);
    }).observe(document.body, { subtree: true, childList: true });
  }

  /* Our pieces of the form, and a form that fits a 360–412 px phone. */
  const STYLE = `
    .dh-summary { border: 4px solid #b10e1e; background: #fff; padding: 12px 16px; margin: 0 0 24px; }
    .dh-summary h2 { color: #b10e1e; font-size: 18px; margin: 0 0 8px; }
    .dh-summary ul { margin: 0; padding-left: 20px; }
    .dh-summary a { color: #b10e1e; font-weight: 600; }
    .dh-summary--saved { border-color: #8a5a00; }
    .dh-summary--saved h2, .dh-summary--saved a { color: #6b4600; }
    .dh-summary textarea { width: 100%; box-sizing: border-box; font: inherit; margin: 8px 0; }
    .dh-count { margin: 4px 0 0; font-size: 13px; color: #444; }
    .dh-count--over { color: #b10e1e; font-weight: 700; }
    .dh-date { display: flex; gap: 8px; }
    .dh-date input { flex: 1; min-width: 0; }
    .dh-date__now { border: 2px solid #dfdfe3; border-radius: 5px; background: #fff; padding: 0 12px; font: inherit; }
    .dh-publish { position: fixed; right: 16px; bottom: 16px; z-index: 400; width: min(440px, calc(100vw - 32px));
      max-height: 45vh; overflow-y: auto; display: grid; gap: 8px; }
    .dh-publish__item { background: #fff; border: 1px solid #c8c8cf; border-left: 6px solid #1b5fa8;
      border-radius: 4px; padding: 10px 14px; box-shadow: 0 2px 10px rgba(0, 0, 0, .2); font-size: 15px; }
    .dh-publish__item--live, .dh-publish__item--sent,
    .dh-publish__item--scheduled { border-left-color: #0b7a3b; }
    .dh-publish__item--refused, .dh-publish__item--build_failed, .dh-publish__item--push_failed,
    .dh-publish__item--failed { border-left-color: #b10e1e; }
    .dh-publish__item h2 { font-size: 16px; margin: 0 0 4px; }
    .dh-publish__item p, .dh-publish__item ul { margin: 4px 0; overflow-wrap: anywhere; }
    .dh-publish__item ul { padding-left: 18px; font-family: ui-monospace, monospace; font-size: 13px; }
    .dh-publish__when { color: #555; font-size: 13px; }
    .dh-publish__address a { color: #0b5394; font-weight: 600; }
    .dh-publish__seen { border: 2px solid #dfdfe3; border-radius: 5px; background: #fff; padding: 4px 10px; font: inherit; }
    @media (max-width: 799px) {
      .dh-publish { left: 8px; right: 8px; bottom: 8px; width: auto; max-height: 40vh; }
    }
    label + ul { text-transform: none !important; }
    @media (max-width: 799px) {
      .SplitPane { position: static !important; display: block !important; }
      .SplitPane > .Resizer { display: none !important; }
      /* The preview comes after the form, as tall as the screen. */
      .SplitPane > .Pane1, .SplitPane > .Pane2 { width: 100% !important; position: static !important; }
      .SplitPane > .Pane2 iframe { height: 85vh !important; width: 100% !important; }
      [class*="ControlPaneContainer"] { padding: 12px !important; max-width: 100% !important; }
      [class*="EditorContainer"], [class*="ToolbarContainer"] { min-width: 0 !important; }
      body { min-width: 0 !important; }
      /* The editor's top bar: the arrow and whether it is saved on a line, then
         every button on the screen, wrapped onto as many lines as they need. */
      [class*="-EditorContainer"] { position: static !important; height: auto !important;
        overflow: visible !important; padding-top: 0 !important; }
      [class*="-ToolbarContainer"] { position: sticky !important; top: 0; height: auto !important;
        flex-wrap: wrap; }
      [class*="-BackCollection"], [class*="-ToolbarSectionMeta"] { display: none !important; }
      [class*="-ToolbarSectionBackLink"] { padding: 6px 8px !important; flex: 1 1 100%; height: auto !important;
        border-right: 0 !important; border-bottom: 1px solid #dfdfe3; }
      [class*="-BackStatus"] { font-size: 13px !important; line-height: 1.3; }
      [class*="-ToolbarSectionMain"] { flex: 1 1 100%; flex-wrap: wrap; height: auto !important;
        padding: 4px 6px 8px !important; gap: 6px; }
      [class*="-ToolbarSubSectionFirst"], [class*="-ToolbarSubSectionLast"] { flex-wrap: wrap; gap: 6px;
        height: auto !important; }
      [class*="-ToolbarSubSectionFirst"] > *, [class*="-ToolbarSubSectionLast"] > * { flex: 0 1 auto;
        margin: 0 !important; max-width: 100%; }
      [class*="-ToolbarSectionMain"] button, [class*="-ToolbarSectionMain"] [role="button"] {
        white-space: normal !important; height: auto !important; min-height: 36px; }
      /* The board: its columns one under the other, its cards the screen's width. */
      [class*="-WorkflowListContainer"] { display: block !important; min-height: 0 !important; }
      [class*="-WorkflowListContainer"] [class*="-column-"] { width: auto !important; min-height: 0 !important;
        margin: 0 0 16px !important; padding: 0 !important; border: 0 !important; transition: none !important; }
      [class*="-WorkflowListContainer"] [class*="-column-"] > div { min-height: 0 !important; }
      [class*="-ColumnHeader"] { width: auto !important; margin: 0 0 4px !important; }
      [class*="-WorkflowCardContainer"] { width: auto !important; margin: 8px 0 !important; }
      [class*="-WorkflowContainer"] { padding: 8px !important; margin: 0 !important; min-width: 0 !important; }
    }
  `;

  /* The one English label Decap's choice lists set themselves: "Remove …". */
  function relabelChoices() {
    const relabel = (node) => {
      const label = node.getAttribute && node.getAttribute("aria-label");
      if (label && label.startsWith("Remove ")) node.setAttribute("aria-label", `Bỏ ${label.slice(7)}`);
    };
    new MutationObserver((changes) => {
      for (const change of changes) {
        relabel(change.target);
        for (const node of change.addedNodes) {
          if (node.querySelectorAll) [node, ...node.querySelectorAll("[aria-label]")].forEach(relabel);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
  }

  /*
   * What a choice list (react-select, under Decap's select and relation
   * widgets) tells a screen reader, in Vietnamese: it has only English words
   * and Decap gives no way to pass others. Each message is put in its own
   * words as react-select writes it; the text node is changed in place, so
   * react-select's next message replaces ours and is put in words again.
   */
  const SPOKEN = [
    [/^options? (.*), selected\.$/, (m) => `Đã chọn ${m[1]}.`],
    [/^option (.*), deselected\.$/, (m) => `Đã bỏ ${m[1]}.`],
    [/^All selected options have been cleared\.$/, () => "Đã bỏ mọi mục đã chọn."],
    [/^option (.*) is disabled\. Select another option\.$/, (m) => `Không chọn được ${m[1]}. Hãy chọn mục khác.`],
    [/^value (.*) focused, (\d+) of (\d+)\.$/, (m) => `Mục đã chọn ${m[1]}, ${m[2]} trên ${m[3]}.`],
    [
      /^(.*?)( selected)?( disabled)?, (\d+) of (\d+)\.$/,
      (m) => `${m[1]}${m[2] ? ", đã chọn" : ""}${m[3] ? ", không chọn được" : ""}, ${m[4]} trên ${m[5]}.`,
    ],
    [
      /^(\d+) results? available(?: for search term (.*))?\.$/,
      (m) => `Có ${m[1]} mục${m[2] ? ` khớp “${m[2]}”` : ""}.`,
    ],
    [
      /^Use Up and Down to choose options/,
      (m, text) =>
        "Phím mũi tên lên, xuống để di chuyển giữa các mục; Enter để chọn; Esc để đóng danh sách" +
        (text.includes("press Tab") ? "; Tab để chọn và rời danh sách." : "."),
    ],
    [
      /^(.*) is focused ?(,type to refine list)?, press Down to open the menu, ?( press left to focus selected values)?/,
      (m) =>
        `${m[1] === "Select" ? "Ô chọn" : m[1]}: ${m[2] ? "gõ để lọc danh sách, " : ""}phím mũi tên xuống để mở danh sách` +
        `${m[3] ? ", phím trái để tới các mục đã chọn" : ""}.`,
    ],
    [
      /^Use left and right to toggle between focused values/,
      () => "Phím trái, phải để chuyển giữa các mục đã chọn; Backspace để bỏ mục đang trỏ tới.",
    ],
  ];

  function spoken(text) {
    for (const [pattern, words] of SPOKEN) {
      const found = pattern.exec(text);
      if (found) return words(found, text);
    }
    return text;
  }

  function speakVietnamese() {
    // Only the focused list has them (react-select), so each id is found once.
    const SPANS = ["aria-selection", "aria-focused", "aria-results", "aria-guidance"];
    const translate = () => {
      for (const span of SPANS.map((id) => document.getElementById(id)).filter(Boolean)) {
        for (const node of span.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE) continue;
          const words = spoken(node.nodeValue);
          if (words !== node.nodeValue) node.nodeValue = words;
        }
      }
    };
    new MutationObserver(translate).observe(document.body, { subtree: true, childList: true, characterData: true });
  }

  /* A field the gate requires only with another ("Mô tả ảnh" with a photo) is
     optional to Decap; its label says when it is needed: ``words`` by name. */
  function relabelNeeded(words) {
    const relabel = () => {
      for (const [name, needed] of Object.entries(words)) {
        for (const marker of document.querySelectorAll(`label[for^="${name}-field"] > span`)) {
          if (marker.textContent !== ` (${needed})`) marker.textContent = ` (${needed})`;
        }
      }
    };
    new MutationObserver(relabel).observe(document.body, { subtree: true, childList: true });
  }

  function addStyle() {
    const style = document.createElement("style");
    style.textContent = STYLE;
    document.head.append(style);
  }

  async function start() {
    const response = await fetch("config.json", { cache: "no-cache" });
    const { cms, story, document: paper } = await response.json();
    const CMS = window.CMS;
    CMS.registerLocale("vi", merged(CMS.getLocale("vi"), story.locale));
    registerWidgets(CMS, story);
    registerPhotoComponent(CMS);
    CMS.registerCustomFormat(story.name, "md", makeFormat(story));
    if (paper) CMS.registerCustomFormat(paper.name, "md", makeFormat(paper));
    CMS.registerEventListener({
      name: "preSave",
      handler: ({ entry }) =>
        paper && entry.get("collection") === paper.collection
          ? fillOnSave(entry, story, paper, documentProblemsOf)
          : fillOnSave(entry, story),
    });
    CMS.registerPreviewStyle(story.stylesheet);
    const template = previewTemplate(story);
    for (const name of story.collections) CMS.registerPreviewTemplate(name, template);
    addStyle();
    relabelChoices();
    relabelNeeded(story.needed_with);
    speakVietnamese();
    BoardTimes.watch();
    Publications.watch(CMS, story.publications_url);
    Summary.watchSaves();
    Summary.watchReplies();
    Unsaved.watch(CMS);
    Paste.watch(story.invisible);
    Toasts.watch();
    const account = await accountOf(story);
    SignOut.watch(CMS.getLocale("vi").ui.settingsDropdown.logOut, account.sign_out);
    document.documentElement.dataset.role = account.role;
    if (account.role !== "approver") withoutChoice(CMS.getLocale("vi").editor.editorToolbar.ready);
    CMS.init({ config: forAccount(cms, story.approver_only, account) });
  }

  return {
    slugify,
    splitStory,
    makeFormat,
    problemsOf,
    documentProblemsOf,
    fillOnSave,
    dateFromFile,
    dateToFile,
    dateForPeople,
    dateFromPeople,
    dateProblem,
    inVietnamTime: BoardTimes.inVietnamTime,
    onCard: BoardTimes.onCard,
    plainError: Toasts.plain,
    forAccount,
    splitNames,
    captionSentence,
    withoutInvisible,
    spoken,
    Paste,
    start,
  };
})();

window.Newsroom = Newsroom;
document.addEventListener("DOMContentLoaded", () => {
  Newsroom.start().catch((error) => {
    document.body.textContent = `Không mở được phòng biên tập: ${error.message}`;
  });
});
