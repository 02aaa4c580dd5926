/* Search as soon as the query changes, however it was entered. The theme's search reads the field on "keyup",
   and a phone's input method, a paste from the menu or voice input changes the field without one: each change
   (an "input" outside a composition, and the end of a composition, when the Chinese characters are committed)
   is passed on to the theme as a keyup. While pinyin is being composed nothing is searched. */
(function () {
  "use strict";
  function start() {
    var field = document.querySelector("input.md-search__input");
    if (!field) return;
    function pass() { field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true })); }
    field.addEventListener("input", function (event) { if (!event.isComposing) pass(); });
    field.addEventListener("compositionend", pass);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
