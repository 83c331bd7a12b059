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

  // Text size: three steps, remembered on this device. The page reads at
  // its default size without this script.
  var SIZE_CLASSES = { "-1": "dh-text-small", "1": "dh-text-large" };
  var sizeButtons = document.querySelectorAll("[data-text-size]");

  function applySize(step) {
    var root = document.documentElement;
    root.classList.remove("dh-text-small", "dh-text-large");
    if (SIZE_CLASSES[step]) { root.classList.add(SIZE_CLASSES[step]); }
    sizeButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.textSize === step));
    });
  }

  function storedSize() {
    try {
      var step = window.localStorage.getItem("dh-text-size");
      return step in SIZE_CLASSES ? step : "0";
    } catch (error) {
      return "0";
    }
  }

  if (sizeButtons.length) {
    applySize(storedSize());
    sizeButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        applySize(button.dataset.textSize);
        try { window.localStorage.setItem("dh-text-size", button.dataset.textSize); } catch (error) {}
      });
    });
    sizeButtons[0].parentNode.hidden = false;
  }

  // Video facades: load the player only when the reader asks for it, and
  // start it at once (one tap). The link to the clip's own site stays below;
  // a player that cannot load gives way to a message with that link.
  var PLAYER_TIMEOUT_MS = 15000;

  function withAutoplay(address) {
    return address + (address.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
  }

  function playerFailed(figure, frame) {
    var source = figure.querySelector(".dh-video__source a");
    var message = document.createElement("p");
    message.className = "dh-video__failed";
    message.setAttribute("role", "status");
    message.textContent = "Không tải được trình phát video. ";
    if (source) {
      var link = source.cloneNode(true);
      message.appendChild(link);
    }
    figure.replaceChild(message, frame);
  }

  document.querySelectorAll("[data-embed-src]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var figure = link.parentNode;
      var frame = document.createElement("iframe");
      frame.title = link.dataset.embedTitle;
      frame.width = "560";
      frame.height = "315";
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      var caption = figure.querySelector("figcaption");
      if (caption) { figure.removeChild(caption); }
      figure.replaceChild(frame, link);
      if (navigator.onLine === false) {
        playerFailed(figure, frame);
        return;
      }
      var timer = window.setTimeout(function () { playerFailed(figure, frame); }, PLAYER_TIMEOUT_MS);
      frame.addEventListener("load", function () { window.clearTimeout(timer); });
      frame.addEventListener("error", function () { window.clearTimeout(timer); playerFailed(figure, frame); });
      frame.src = withAutoplay(link.dataset.embedSrc);
      frame.focus();
    });
  });
}());
