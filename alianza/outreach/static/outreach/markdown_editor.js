// The Markdown editor's toolbar: each button inserts the marks around the selection.
// Without this script the help panel beside the form says what to type.
(function () {
  "use strict";

  function insert(area, before, after, sample) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || sample || "";
    var text = before + chosen + after;
    area.setRangeText(text, start, end, "end");
    area.focus();
    area.setSelectionRange(start + before.length, start + before.length + chosen.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function onLine(area) {
    // Buttons, headings and pictures read best on a line of their own.
    var start = area.selectionStart;
    return start === 0 || area.value.charAt(start - 1) === "\n" ? "" : "\n\n";
  }

  function act(button, area) {
    var kind = button.dataset.md;
    var url;
    if (kind === "heading") { insert(area, onLine(area) + "## ", "\n", ""); }
    else if (kind === "bold") { insert(area, "**", "**", ""); }
    else if (kind === "name") { insert(area, "{{ name }}", "", ""); }
    else {
      url = window.prompt(button.dataset.prompt, "https://");
      if (!url || url === "https://") { return; }
      if (kind === "link") { insert(area, "[", "](" + url + ")", url); }
      else if (kind === "button") { insert(area, onLine(area) + "[[", "](" + url + ")]\n", button.dataset.sample); }
      else if (kind === "image") { insert(area, onLine(area) + "![", "](" + url + ")\n", button.dataset.sample); }
    }
  }

  function setUp() {
    document.querySelectorAll(".md-toolbar[data-for]").forEach(function (bar) {
      var area = document.getElementById(bar.dataset.for);
      if (!area) { return; }
      bar.hidden = false;
      bar.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-md]");
        if (button) { event.preventDefault(); act(button, area); }
      });
    });
  }

  // A click on an uploaded picture's line selects it, ready to copy.
  document.addEventListener("click", function (event) {
    var code = event.target.closest("[data-markdown-snippet], .image-list code");
    if (!code) { return; }
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  });

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();
