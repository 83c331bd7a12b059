// Browsers never send the #fragment (/admin/#/workflow) to the server, so
// sign-in would land on /admin/: carry it in the form's "next" field.
(function () {
  "use strict";
  var next = document.querySelector('input[name="next"]');
  if (!next || !location.hash || next.value.indexOf("#") !== -1) return;
  next.value += location.hash;
})();

// Signing out, and every other tab of the newsroom with it. This script
// runs on the sign-in page, on Decap's page (/admin/) and on the quick-send
// form (/gui-tin/).
(function () {
  "use strict";
  var SIGNED_OUT = "/dang-nhap/?da-dang-xuat";
  var CHANNEL = "dh-dang-xuat";
  var channel = window.BroadcastChannel ? new BroadcastChannel(CHANNEL) : null;

  // Landed here by "Đăng xuất" (?da-dang-xuat): what Decap kept in this
  // browser goes (its copy of who signed in, unsaved copies of stories in
  // IndexedDB), so the next person at a shared computer finds none of it.
  // Quick-send drafts ("gui-tin:<account>", IndexedDB "gui-tin") stay: each is
  // shown only to its own writer, and waits until the server has it.
  if (/[?&]da-dang-xuat(=|&|$)/.test(location.search)) {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("gui-tin:") !== 0) localStorage.removeItem(key);
      });
      sessionStorage.clear();
      if (window.indexedDB) indexedDB.deleteDatabase("localforage");
    } catch (error) {
      // Storage turned off: nothing was kept either.
    }
    // The other tabs still show a story, and Decap in them would write its
    // copies back: they come here too, and clear again once they have left.
    if (channel) channel.postMessage("da-dang-xuat");
    return;
  }
  if (!channel) return;
  channel.onmessage = function () {
    // Leaving without Decap's "unsaved changes" question, which nobody but
    // the person who signed out may answer: document.open() empties the page
    // and takes every listener off the window, Decap's "beforeunload" too.
    try {
      document.open();
      document.close();
    } catch (error) {
      document.documentElement.hidden = true;
    }
    location.replace(SIGNED_OUT);
  };
})();
