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
  const LIST_KINDS = ["names", "communes"];

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

  /* "2026-11-05 16:20" (Vietnam time) → "2026-11-05T16:20:00+07:00". */
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
    return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+07:00`;
  }

  /* Any moment the date widget gives → "YYYY-MM-DD HH:MM" in Vietnam time. */
  function dateToFile(value) {
    const moment = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(moment.getTime())) return String(value);
    const vietnam = new Date(moment.getTime() + VIETNAM_OFFSET_MINUTES * 60000);
    const seconds = vietnam.getUTCSeconds() ? `:${pad(vietnam.getUTCSeconds())}` : "";
    return (
      `${vietnam.getUTCFullYear()}-${pad(vietnam.getUTCMonth() + 1)}-` +
      `${pad(vietnam.getUTCDate())} ${pad(vietnam.getUTCHours())}:` +
      `${pad(vietnam.getUTCMinutes())}${seconds}`
    );
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
      if (kind === "flag") {
        const word = text.toLowerCase();
        if (story.yes.includes(word)) return true;
        if (story.no.includes(word)) return false;
      }
      if (kind === "date") return dateFromFile(text);
      return text;
    }

    /* "photo | alt | caption | credit", one photo per line. */
    function galleryFromFile(lines) {
      return lines
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [photo = "", alt = "", caption = "", credit = ""] = line
            .split("|")
            .map((part) => part.trim());
          return { photo, alt, caption, credit };
        });
    }

    function galleryToFile(photos) {
      const part = (value) => oneLine(value || "").replace(/\|/g, "/");
      return photos
        .filter((photo) => photo && photo.photo)
        .map((photo) =>
          [photo.photo, photo.alt, photo.caption, photo.credit].map(part).join(" | ").replace(/( \| )+$/, ""),
        )
        .join("\n    ");
    }

    function valueToFile(key, value) {
      if (value === null || value === undefined) return "";
      if (kinds[key] === "gallery") return Array.isArray(value) ? galleryToFile(value) : "";
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
          data[key] = kinds[key] === "gallery" ? galleryFromFile(lines[key]) : valueFromFile(key, value);
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
        problems.push(`Ảnh ${match[2]} trong nội dung chưa có mô tả (Alt).`);
      }
    }
    const approver = data.approver;
    const authors = Array.isArray(data.authors) ? data.authors : [];
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

  function fillOnSave(entry, story) {
    let data = entry.get("data");
    const problems = problemsOf(data.toJS(), story);
    if (problems.length) throw new Error(problems.join(" "));
    if (entry.get("newRecord") && data.get("id")) {
      // A copy ("Công bố và sao chép") is a new story: never the original's Id or slug.
      data = data.set("id", "").set("slug", "");
    }
    if (!data.get("id")) data = data.set("id", newId());
    if (!data.get("slug")) data = data.set("slug", slugify(data.get("title")));
    // What reaches main through the newsroom has been approved.
    return data.set("status", "published");
  }

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
        const byline = [listed("authors"), data("unit")].filter(Boolean).join(" – ");
        const communes = listed("communes");
        const date = data("date") ? dateToFile(data("date")) : "";
        const caption = [data("image_caption"), data("image_credit") && `Ảnh: ${data("image_credit")}`]
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
            asset &&
              h(
                "figure",
                { className: "dh-article__figure" },
                h("img", { src: asset.toString(), alt: data("image_alt") || "" }),
                caption && h("figcaption", null, caption),
              ),
            h("div", { className: "dh-article__body" }, this.props.widgetFor("body")),
          ),
        );
      },
    });
  }

  async function start() {
    const response = await fetch("config.json", { cache: "no-cache" });
    const { cms, story } = await response.json();
    const CMS = window.CMS;
    CMS.registerCustomFormat(story.name, "md", makeFormat(story));
    CMS.registerEventListener({
      name: "preSave",
      handler: ({ entry }) => fillOnSave(entry, story),
    });
    CMS.registerPreviewStyle(story.stylesheet);
    const template = previewTemplate(story);
    for (const name of story.collections) CMS.registerPreviewTemplate(name, template);
    CMS.init({ config: cms });
  }

  return {
    slugify,
    splitStory,
    makeFormat,
    problemsOf,
    fillOnSave,
    dateFromFile,
    dateToFile,
    start,
  };
})();

window.Newsroom = Newsroom;
document.addEventListener("DOMContentLoaded", () => {
  Newsroom.start().catch((error) => {
    document.body.textContent = `Không mở được phòng biên tập: ${error.message}`;
  });
});
