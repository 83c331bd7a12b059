// Small enhancements; every page reads fully without them.
(function () {
  "use strict";

  function say(button, text) {
    var status = button.parentNode.querySelector(".dh-share__status");
    if (status) { status.textContent = text; }
  }

  function copy(url, button) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () {
        say(button, "Đã sao chép liên kết.");
      }, function () {
        say(button, "Không sao chép được; hãy chép địa chỉ trên thanh trình duyệt.");
      });
    } else {
      say(button, "Hãy chép địa chỉ trên thanh trình duyệt.");
    }
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button.dataset.copyLink, button); });
  });

  // Zalo has no script-free share link: use the phone's share sheet, which
  // lists Zalo; elsewhere copy the link for pasting into Zalo.
  document.querySelectorAll("[data-share-zalo]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.dataset.shareZalo;
      if (navigator.share) {
        navigator.share({ title: button.dataset.shareTitle, url: url }).catch(function () {});
      } else {
        copy(url, button);
        say(button, "Đã sao chép liên kết; dán vào Zalo để chia sẻ.");
      }
    });
  });

  // Video facades: load the player only when the reader asks for it.
  document.querySelectorAll("[data-embed-src]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = link.dataset.embedSrc;
      frame.title = link.dataset.embedTitle;
      frame.width = "560";
      frame.height = "315";
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      link.parentNode.replaceChild(frame, link);
      frame.focus();
    });
  });
}());
