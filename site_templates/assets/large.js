/* 大字模式 (large-text mode): larger text and stronger contrast (site.css, html[data-large]), remembered on this
   device. Loaded in the page's <head>, so a reader who chose it never sees the page drawn small first. Without
   JavaScript the link "#dazi" in the header does the same for the page in hand (html:has(#dazi:target)). */
(function () {
  "use strict";
  var KEY = "zdxm.large";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (error) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (error) { /* private mode: this page only */ }
  }
  function apply(on) {
    if (on) root.setAttribute("data-large", ""); else root.removeAttribute("data-large");
  }
  apply(stored());

  function start() {
    var on = document.querySelector(".large-switch .large-on");
    var off = document.querySelector(".large-switch .large-off");
    if (!on) return;
    if (off) off.hidden = true;  // one button does both
    on.setAttribute("role", "button");
    on.removeAttribute("title");
    on.setAttribute("aria-label", "大字模式");
    function show() {  // a toggle button: the same name, its state in aria-pressed (and drawn filled when on)
      on.setAttribute("aria-pressed", root.hasAttribute("data-large") ? "true" : "false");
    }
    on.addEventListener("click", function (event) {
      event.preventDefault();
      var large = !root.hasAttribute("data-large");
      apply(large);
      remember(large);
      show();
    });
    if (window.location.hash === "#dazi") {  // came by the link without JavaScript: keep it
      apply(true);
      remember(true);
    }
    show();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
