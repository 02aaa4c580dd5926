/* Shows the print buttons (hidden without JavaScript, where the browser's own print does the same) and
   wires them to the browser's print dialog. No inline handler: the page's security policy forbids them. */
(function () {
  "use strict";
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button.print-button"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
