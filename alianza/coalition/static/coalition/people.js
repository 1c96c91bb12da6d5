// The staff people list: only the chosen action's options shown, and one box to tick
// everyone on the page. Without this script every part still
// works: all options show, and each person is ticked by hand.
(function () {
  "use strict";
  function ready() {
    var select = document.querySelector("[data-action-select]");
    var options = document.querySelectorAll(".people-action-options");
    function showChosen() {
      options.forEach(function (box) {
        var chosen = select && box.getAttribute("data-action") === select.value;
        box.hidden = !chosen;
        box.querySelectorAll("input, select, textarea").forEach(function (field) {
          field.disabled = !chosen;
        });
      });
    }
    if (select) { select.addEventListener("change", showChosen); showChosen(); }

    var all = document.querySelector("[data-tick-all]");
    if (all) {
      all.closest("label").hidden = false;
      all.addEventListener("change", function () {
        document.querySelectorAll("input[name=person]").forEach(function (box) {
          box.checked = all.checked;
        });
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else { ready(); }
})();
