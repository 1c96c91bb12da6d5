// Question form: show only the settings that apply to the chosen type. Without JavaScript
// every setting stays visible and the server ignores those that do not apply.
(function () {
  "use strict";
  function update(select) {
    var type = select.value;
    document.querySelectorAll("[data-builder-types]").forEach(function (block) {
      var types = block.getAttribute("data-builder-types").split(" ");
      block.hidden = types.indexOf(type) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[name=type]");
    if (!select) { return; }
    select.addEventListener("change", function () { update(select); });
    update(select);
  });
})();
