// Shows a question only when its condition holds, as the respondent answers the page.
// The same rules as alianza/listening/logic.py; the server applies them again on saving.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) return;
  // The site's language switcher saves this page's answers first, through the page's own
  // "answer in ..." button, so nothing typed on it is lost.
  var switcher = document.querySelector(".language-switcher");
  if (switcher) switcher.addEventListener("submit", function (event) {
    var code = event.submitter && event.submitter.value;
    var own = code && form.querySelector("button[value='language:" + code + "']");
    if (own) { event.preventDefault(); own.click(); }
  });
  var blocks = form.querySelectorAll("[data-show-if]");
  // "Other, please specify": the box shows once "other" is chosen.
  var others = form.querySelectorAll(".other");

  function valueOf(name) {
    var fields = form.querySelectorAll("[name='" + name + "']");
    var chosen = [];
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "checkbox" || f.type === "radio") { if (f.checked) chosen.push(f.value); }
      else if (f.value !== "") chosen.push(f.value);
    }
    if (!chosen.length) return null;
    return (fields[0].type === "checkbox") ? chosen : chosen[0];
  }

  function test(c) {
    if (c.all) return c.all.every(test);
    if (c.any) return c.any.some(test);
    if (c.not) return !test(c.not);
    var v = valueOf(c.q);
    if (c.op === "answered") return v !== null;
    if (c.op === "unanswered") return v === null;
    if (v === null) return c.op === "ne" || c.op === "not_selected";
    var list = Array.isArray(v) ? v : [v];
    var want = String(c.v);
    if (c.op === "selected") return list.indexOf(want) >= 0;
    if (c.op === "not_selected") return list.indexOf(want) < 0;
    if (["gt", "ge", "lt", "le"].indexOf(c.op) >= 0) {
      var a = parseFloat(v), b = parseFloat(c.v);
      if (isNaN(a) || isNaN(b)) return false;
      return {gt: a > b, ge: a >= b, lt: a < b, le: a <= b}[c.op];
    }
    var one = Array.isArray(v) ? (v.length === 1 ? v[0] : null) : v;
    return (String(one) === want) === (c.op === "eq");
  }

  function apply() {
    for (var j = 0; j < others.length; j++) {
      var box = others[j].previousElementSibling.querySelector("input");
      var text = others[j].querySelector("input");
      others[j].hidden = !(box && box.checked) && !(text && text.value);
    }
    for (var i = 0; i < blocks.length; i++) {
      var rule;
      try { rule = JSON.parse(blocks[i].getAttribute("data-show-if")); } catch (e) { continue; }
      blocks[i].hidden = !test(rule);
    }
  }

  if (!blocks.length && !others.length) return;
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();
})();
