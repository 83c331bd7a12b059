/*
 * “Gửi tin nhanh” on a phone: photos shrunk here before they go up, the
 * draft kept on the phone until the server says the story is in review,
 * and each refusal shown on its field. Without this script the page is a
 * plain form that works by itself (the server shrinks the photos then).
 */
"use strict";

(() => {
  const form = document.getElementById("gui-tin");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const MAX_SIDE = Number(form.dataset.maxSide);
  const MAX_PHOTOS = Number(form.dataset.maxPhotos);
  const KEY = `gui-tin:${form.dataset.user}`;
  const FIELDS = ["title", "summary", "body", "section", "unit"];
  const list = document.getElementById("gt-list");
  const status = document.getElementById("gt-status");
  const send = form.querySelector('button[type="submit"]');
  let photos = []; // {id, name, type, alt, width, height}
  let database = null;

  /* The plain form's photo boxes give way to the script's list. */
  form.querySelector("[data-without-script]").remove();
  form.querySelector("[data-with-script]").hidden = false;

  /* Drafts get their id from the server's page; photos only need one per phone. */
  let made = 0;
  function photoId() {
    made += 1;
    return `${Date.now().toString(36)}-${made}`;
  }

  /* The photos themselves wait in IndexedDB (localStorage holds text only). */
  function openDatabase() {
    return new Promise((resolve) => {
      let request;
      try {
        request = indexedDB.open("gui-tin", 1);
      } catch {
        resolve(null);
        return;
      }
      request.onupgradeneeded = () => request.result.createObjectStore("photos");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null); // private mode: the draft lives in the page only
    });
  }

  function stored(mode, work) {
    return new Promise((resolve) => {
      if (!database) {
        resolve(null);
        return;
      }
      const transaction = database.transaction("photos", mode);
      const request = work(transaction.objectStore("photos"));
      transaction.oncomplete = () => resolve(request ? request.result : null);
      transaction.onerror = () => resolve(null);
    });
  }

  const blobs = {}; // id → Blob, while the page is open

  function saveDraft() {
    const draft = { draft: form.elements.draft.value, photos };
    for (const name of FIELDS) if (form.elements[name]) draft[name] = form.elements[name].value;
    try {
      localStorage.setItem(KEY, JSON.stringify(draft));
    } catch {
      /* storage full or refused: the page still sends */
    }
  }

  async function restoreDraft() {
    let draft = null;
    try {
      draft = JSON.parse(localStorage.getItem(KEY) || "null");
    } catch {
      draft = null;
    }
    if (!draft) return;
    for (const name of FIELDS) {
      if (form.elements[name] && typeof draft[name] === "string" && draft[name]) {
        form.elements[name].value = draft[name];
      }
    }
    if (draft.draft) form.elements.draft.value = draft.draft;
    for (const photo of draft.photos || []) {
      const blob = await stored("readonly", (store) => store.get(`${KEY}:${photo.id}`));
      if (blob) {
        blobs[photo.id] = blob;
        photos.push(photo);
      }
    }
    showPhotos();
    recount();
    if (draft.title || photos.length) say("Đã mở lại bản đang viết dở trên máy này.");
  }

  async function clearDraft(sent) {
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* nothing kept */
    }
    for (const photo of sent) {
      await stored("readwrite", (store) => store.delete(`${KEY}:${photo.id}`));
    }
  }

  function isHeic(file) {
    return /hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name || "");
  }

  /* At most MAX_SIDE pixels on the long side, JPEG, pixels only (no GPS). */
  async function shrunk(file) {
    if (isHeic(file) || !window.createImageBitmap) return { blob: file }; // the server converts it
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      return { blob: file }; // not a photo this browser reads: the server says why
    }
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    return blob ? { blob, width: canvas.width, height: canvas.height } : { blob: file };
  }

  async function addPhotos(files) {
    for (const file of files) {
      if (photos.length >= MAX_PHOTOS) {
        say(`Mỗi tin gửi tối đa ${MAX_PHOTOS} ảnh.`);
        break;
      }
      say("Đang thu nhỏ ảnh…");
      const made = await shrunk(file);
      const photo = {
        id: photoId(),
        name: made.blob === file ? file.name || "anh" : "anh.jpg",
        type: made.blob.type,
        alt: "",
        width: made.width || 0,
        height: made.height || 0,
      };
      blobs[photo.id] = made.blob;
      await stored("readwrite", (store) => store.put(made.blob, `${KEY}:${photo.id}`));
      photos.push(photo);
    }
    say("");
    showPhotos();
    saveDraft();
  }

  function element(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  }

  function showPhotos() {
    for (const old of list.querySelectorAll("img")) URL.revokeObjectURL(old.src);
    list.replaceChildren();
    photos.forEach((photo, at) => {
      const number = at + 1;
      const item = element("li", { class: "ts-quick__photo", id: `photo_${number}` });
      item.append(element("p", { class: "ts-error", id: `photo_${number}-loi`, hidden: "" }));
      if (/jpeg|png|webp|gif/.test(photo.type)) {
        item.append(element("img", { src: URL.createObjectURL(blobs[photo.id]), alt: "" }));
      } else {
        item.append(element("p", { class: "ts-hint" }, `Ảnh ${photo.name}: máy chủ sẽ chuyển sang JPEG.`));
      }
      if (photo.width) item.append(element("p", { class: "ts-hint" }, `${photo.width} × ${photo.height} điểm ảnh`));
      const field = element("div", { class: "ts-field" });
      field.append(element("label", { for: `alt_${number}` }, `Mô tả ảnh ${number}${number === 1 ? " (ảnh đại diện)" : ""}`));
      field.append(element("p", { class: "ts-error", id: `alt_${number}-loi`, hidden: "" }));
      const alt = element("textarea", { id: `alt_${number}`, name: `alt_${number}`, rows: "2" });
      alt.value = photo.alt;
      alt.addEventListener("input", () => {
        photo.alt = alt.value;
        saveDraft();
      });
      field.append(alt);
      item.append(field);
      const remove = element("button", { type: "button", class: "ts-button ts-button--secondary ts-quick__remove" }, `Bỏ ảnh ${number}`);
      remove.addEventListener("click", async () => {
        photos = photos.filter((one) => one !== photo);
        await stored("readwrite", (store) => store.delete(`${KEY}:${photo.id}`));
        delete blobs[photo.id];
        showPhotos();
        saveDraft();
      });
      item.append(remove);
      list.append(item);
    });
  }

  function say(text) {
    status.textContent = text;
  }

  /* Live counts against the gate's limits. */
  const counts = [...form.querySelectorAll("[data-max]")].map((field) => {
    const count = element("p", { class: "ts-quick__count" });
    field.after(count);
    const update = () => {
      count.textContent = `${[...field.value].length}/${field.dataset.max} ký tự`;
    };
    field.addEventListener("input", update);
    return update;
  });
  const recount = () => counts.forEach((update) => update());
  recount();

  function clearErrors() {
    document.getElementById("gt-summary").replaceChildren();
    for (const error of form.querySelectorAll(".ts-error[id$='-loi']")) {
      error.hidden = true;
      error.textContent = "";
    }
    for (const field of form.querySelectorAll(".ts-field--error")) field.classList.remove("ts-field--error");
  }

  /* Each problem on its field, and all of them listed at the top. */
  function showErrors(errors) {
    clearErrors();
    const box = element("div", { class: "ts-summary", role: "alert", tabindex: "-1" });
    box.append(element("h2", {}, "Có vấn đề"));
    const items = element("ul");
    for (const [name, message] of Object.entries(errors)) {
      const item = element("li");
      const place = document.getElementById(`${name}-loi`);
      if (place) {
        place.textContent = message;
        place.hidden = false;
        (place.closest(".ts-field") || place.parentElement).classList.add("ts-field--error");
        const link = element("a", { href: `#${name}` }, message);
        item.append(link);
      } else {
        item.textContent = message;
      }
      items.append(item);
    }
    box.append(items);
    document.getElementById("gt-summary").append(box);
    box.focus();
  }

  function done(answer) {
    clearErrors();
    clearDraft(photos);
    photos = [];
    showPhotos();
    form.reset();
    recount();
    // The next story is a new draft (without randomUUID: no guard against a resend).
    form.elements.draft.value = crypto.randomUUID ? crypto.randomUUID() : "";
    const box = element("div", { class: "ts-quick__sent", role: "status" });
    box.append(element("p", {}, answer.message));
    const link = element("p");
    link.append(element("a", { href: answer.board }, "Xem bảng duyệt bài"));
    box.append(link);
    document.getElementById("gt-summary").append(box);
    say("Đã gửi.");
    box.scrollIntoView();
  }

  function upload() {
    const data = new FormData(form);
    photos.forEach((photo, at) => {
      const blob = blobs[photo.id];
      data.append(`photo_${at + 1}`, blob, photo.name);
    });
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) say(`Đang gửi… ${Math.floor((100 * event.loaded) / event.total)}%`);
    };
    request.onload = () => {
      send.disabled = false;
      send.textContent = "Gửi";
      let answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        // A page instead of an answer: an old form (CSRF), or a proxy's refusal.
        const message = `Chưa gửi được (máy chủ trả lời mã ${request.status}). Tin vẫn được giữ trên máy; hãy tải lại trang rồi bấm Gửi.`;
        answer = { errors: { form: message } };
      }
      if (request.status === 200 && answer.ok) {
        done(answer);
        return;
      }
      showErrors(answer.errors || { form: "Chưa gửi được tin; tin vẫn được giữ trên máy." });
      if (request.status === 503) {
        // The server is busy with other photos: nothing to fix, the same draft goes again.
        send.textContent = "Gửi lại";
        say("Máy chủ đang bận xử lý ảnh. Tin vẫn được giữ trên máy; sau ít phút hãy bấm “Gửi lại”.");
        return;
      }
      say("Chưa gửi được: xem các chỗ cần sửa ở trên. Tin vẫn được giữ trên máy.");
    };
    request.onerror = request.ontimeout = () => {
      send.disabled = false;
      send.textContent = "Gửi lại";
      say("Mất kết nối. Tin vẫn được giữ trên máy này; khi có sóng, hãy bấm “Gửi lại”.");
    };
    send.disabled = true;
    send.textContent = "Đang gửi…";
    say("Đang gửi…");
    request.send(data);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveDraft();
    upload();
  });
  form.addEventListener("input", (event) => {
    if (FIELDS.includes(event.target.name)) saveDraft();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-pick]")) {
      const files = [...event.target.files];
      event.target.value = "";
      addPhotos(files);
    } else if (FIELDS.includes(event.target.name)) {
      saveDraft();
    }
  });

  openDatabase().then((opened) => {
    database = opened;
    restoreDraft();
  });
})();
