// Browsers never send the #fragment (/admin/#/workflow) to the server, so
// sign-in would land on /admin/: carry it in the form's "next" field.
(function () {
  "use strict";
  var next = document.querySelector('input[name="next"]');
  if (!next || !location.hash || next.value.indexOf("#") !== -1) return;
  next.value += location.hash;
})();
