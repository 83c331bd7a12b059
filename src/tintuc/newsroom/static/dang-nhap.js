// Browsers never send the #fragment (/admin/#/workflow) to the server, so
// sign-in would land on /admin/: carry it in the form's "next" field.
(function () {
  "use strict";
  var next = document.querySelector('input[name="next"]');
  if (!next || !location.hash || next.value.indexOf("#") !== -1) return;
  next.value += location.hash;
})();

// Landed here by "Đăng xuất" (?da-dang-xuat): what Decap kept in this browser
// goes (its copy of who signed in, unsaved copies of stories in IndexedDB),
// so the next person at a shared computer finds none of it. Quick-send
// drafts ("gui-tin:<account>", IndexedDB "gui-tin") stay: each is shown only
// to its own writer, and waits until the server has it.
(function () {
  "use strict";
  if (!/[?&]da-dang-xuat(=|&|$)/.test(location.search)) return;
  try {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf("gui-tin:") !== 0) localStorage.removeItem(key);
    });
    sessionStorage.clear();
    if (window.indexedDB) indexedDB.deleteDatabase("localforage");
  } catch (error) {
    // Storage turned off: nothing was kept either.
  }
})();
