// Copy buttons for the partners' links: shown only when the browser can copy (without
// this script the links stay in read-only boxes, ready to select).
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  function setUp() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        if (!source) { return; }
        navigator.clipboard.writeText(source.value).then(function () {
          button.textContent = button.dataset.copied;
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}());
