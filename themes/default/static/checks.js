/* Waymark: knowledge checks and glossary tooltips. A classic script (no
   modules, no fetch) so it works from a folder. Both are enhancements:
   without JavaScript a check's answer is in its "Show the answer" details,
   and a glossary term's tooltip shows on hover and focus with CSS alone.
   Nothing is stored: no cookies, no local or session storage. */
(function () {
  "use strict";

  function each(selector, fn, root) {
    var nodes = (root || document).querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) fn(nodes[i]);
  }

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* "Answer." stays "Answer.", "Answer" becomes "Answer." */
  function sentence(s) {
    return /[.!?…]$/.test(s) ? s : s + ".";
  }

  /* Knowledge checks: choose an option, press "Check answer", hear and see
     whether it is right. The answer is in the page (data-wm-answer, and the
     details for readers without JavaScript). */
  each("[data-wm-check]", function (check) {
    var button = check.querySelector("[data-wm-check-button]");
    var status = check.querySelector(".wm-check__feedback");
    if (!button || !status) return;
    var answer = check.getAttribute("data-wm-answer");
    var timer = null;

    /* `verdict` in bold, then `rest`. The live region is emptied first, so
       saying the same thing twice is announced twice. */
    function say(verdict, rest, state) {
      status.textContent = "";
      status.className = "wm-check__feedback";
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        status.className = "wm-check__feedback wm-check__feedback--" + state;
        var strong = document.createElement("strong");
        strong.textContent = verdict;
        status.appendChild(strong);
        if (rest) status.appendChild(document.createTextNode(" " + rest));
      }, 50);
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      var chosen = check.querySelector(".wm-check__input:checked");
      if (!chosen) {
        say("Choose an answer first.", "", "none");
        return;
      }
      var explanation = text(check.querySelector(".wm-check__explanation"));
      if (chosen.value === answer) {
        say("Correct.", explanation, "correct");
      } else {
        var right = check.querySelector('.wm-check__input[value="' + answer + '"]');
        var label = right ? text(check.querySelector('label[for="' + right.id + '"]')) : "";
        say("Not quite.", "The answer is: " + sentence(label) + (explanation ? " " + explanation : ""), "wrong");
      }
    });
    /* A new choice makes the last feedback stale. */
    check.addEventListener("change", function () {
      if (timer) { clearTimeout(timer); timer = null; }
      status.textContent = "";
      status.className = "wm-check__feedback";
    });
  });

  /* Glossary tooltips: shown by CSS on hover and focus. Here: Escape hides
     one without moving focus or the pointer (WCAG 1.4.13), and a tooltip
     that would run off the right of the window moves left to fit. */
  var terms = document.querySelectorAll(".wm-term");
  if (!terms.length) return;

  var MARGIN = 8;
  function place(term) {
    term.classList.remove("wm-term--dismissed");
    var tip = term.querySelector(".wm-term__tip");
    if (!tip) return;
    tip.style.left = "";
    var rect = tip.getBoundingClientRect();
    var room = document.documentElement.clientWidth - MARGIN;
    if (!rect.width || rect.right <= room) return;
    var move = Math.min(rect.right - room, rect.left - MARGIN);
    if (move > 0) tip.style.left = (tip.offsetLeft - move) + "px";
  }

  each(".wm-term", function (term) {
    term.addEventListener("mouseenter", function () { place(term); });
    term.addEventListener("focusin", function () { place(term); });
    term.addEventListener("mouseleave", function () { term.classList.remove("wm-term--dismissed"); });
    term.addEventListener("focusout", function () { term.classList.remove("wm-term--dismissed"); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    each(".wm-term", function (term) {
      if (term.matches(":hover") || term.contains(document.activeElement)) {
        term.classList.add("wm-term--dismissed");
      }
    });
  });
})();
