/* Waymark: small enhancements for every page. A classic script (no
   modules), because pages must work when opened straight from a folder. */
(function () {
  "use strict";
  document.documentElement.classList.add("wm-js");
  var printButtons = document.querySelectorAll("[data-wm-print]");
  for (var i = 0; i < printButtons.length; i++) {
    printButtons[i].hidden = false;
    printButtons[i].addEventListener("click", function () { window.print(); });
  }
})();
