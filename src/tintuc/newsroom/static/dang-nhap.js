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
// form (/gui-tin/), where its tag names who is signed in (data-account).
(function () {
  "use strict";
  var SIGNED_OUT = "/dang-nhap/?da-dang-xuat";
  var CHANNEL = "dh-dang-xuat";
  // Whose copies Decap keeps in this browser: an account name.
  var OWNER = "dh-chu-ban-luu";
  var channel = window.BroadcastChannel ? new BroadcastChannel(CHANNEL) : null;
  var account = document.currentScript && document.currentScript.dataset.account;

  // What Decap kept in this browser goes (its copy of who signed in, unsaved
  // copies of stories in IndexedDB). Quick-send drafts ("gui-tin:<account>",
  // IndexedDB "gui-tin") stay: each is shown only to its own writer, and
  // waits until the server has it.
  function forget() {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("gui-tin:") !== 0) localStorage.removeItem(key);
      });
      sessionStorage.clear();
      if (window.indexedDB) indexedDB.deleteDatabase("localforage");
    } catch (error) {
      // Storage turned off: nothing was kept either.
    }
  }

  // Landed here by "Đăng xuất" (?da-dang-xuat): the next person at a shared
  // computer finds nothing of the last one's.
  if (/[?&]da-dang-xuat(=|&|$)/.test(location.search)) {
    forget();
    // The other tabs still show a story, and Decap in them would write its
    // copies back: they come here too, and clear again once they have left.
    if (channel) channel.postMessage("da-dang-xuat");
    return;
  }
  // A session that ran out keeps its copies for the same person's return;
  // another account finds none of them. This runs before Decap opens them.
  if (account) {
    try {
      var owner = localStorage.getItem(OWNER);
      if (owner && owner !== account) forget();
      localStorage.setItem(OWNER, account);
    } catch (error) {
      // Storage turned off: Decap keeps nothing here either.
    }
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
