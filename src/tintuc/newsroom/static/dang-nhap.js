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

  // Sent here by the newsroom's own pages: a sign-out's redirect, or another
  // tab leaving. Not by the address typed again or a link from elsewhere,
  // which must not wipe what a session that ran out kept for its person; nor
  // by a reload or a tab brought back, which send the old referrer again.
  function sentByTheNewsroom() {
    var entries = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    if (entries.length && entries[0].type !== "navigate") return false;
    try {
      return new URL(document.referrer).origin === location.origin;
    } catch (error) {
      return false;
    }
  }

  // Leaving without Decap's "unsaved changes" question, which nobody but the
  // person who signed out may answer: document.open() empties the page and
  // takes every listener off the window, Decap's "beforeunload" too.
  function leave(address) {
    try {
      document.open();
      document.close();
    } catch (error) {
      document.documentElement.hidden = true;
    }
    location.replace(address);
  }

  // Landed here by "Đăng xuất" (?da-dang-xuat): the next person at a shared
  // computer finds nothing of the last one's.
  if (/[?&]da-dang-xuat(=|&|$)/.test(location.search)) {
    if (!sentByTheNewsroom()) return;
    forget();
    // The other tabs still show a story, and Decap in them would write its
    // copies back: they come here too, and clear again once they have left.
    if (channel) channel.postMessage({ signedOut: true });
    return;
  }
  if (!account) return;
  // A session that ran out keeps its copies for the same person's return;
  // another account finds none of them. This runs before Decap opens them,
  // and the last person's tabs still open (their story on screen) leave.
  try {
    var owner = localStorage.getItem(OWNER);
    if (owner && owner !== account) {
      forget();
      if (channel) channel.postMessage({ signedIn: account });
    }
    localStorage.setItem(OWNER, account);
  } catch (error) {
    // Storage turned off: Decap keeps nothing here either.
  }
  if (!channel) return;
  channel.onmessage = function (event) {
    var told = event.data || {};
    if (told.signedOut) leave(SIGNED_OUT);
    // Opened again, as whoever is signed in now.
    else if (told.signedIn && told.signedIn !== account) leave(location.pathname);
  };
})();
