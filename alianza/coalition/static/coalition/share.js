// "Copy the link" buttons on the thank-you pages. Without a clipboard the buttons stay
// hidden and the link, printed beside the message, can be copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var status = button.closest(".next-step").querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        if (status) status.textContent = button.dataset.copied;
      }, function () {
        if (status) status.textContent = button.dataset.copyFailed;
      });
    });
  });
})();
