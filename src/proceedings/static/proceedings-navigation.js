/* The sidebar's list of every talk (proceedings.sphinxext.sidebar).
 *
 * Each page carries a short list of talks (its neighbours) and a link to the landing page's
 * full list. proceedings-talks.js, written once per build and cached by the browser, holds
 * every talk; this script puts them all in the sidebar, the current page marked. Runs before
 * MathJax typesets (deferred scripts run before DOMContentLoaded), so math in titles renders.
 */
(function () {
  "use strict";
  function fill() {
    var talks = window.proceedingsTalks;
    var nav = document.querySelector("nav[data-proceedings-root]");
    var list = nav && nav.querySelector("ul.proceedings-talks");
    if (!talks || !list) return;
    var root = nav.getAttribute("data-proceedings-root");
    var page = nav.getAttribute("data-proceedings-page");
    var items = document.createDocumentFragment();
    var current = null;
    for (var i = 0; i < talks.length; i++) {
      var item = document.createElement("li");
      item.className = "toctree-l1";
      var link = document.createElement("a");
      link.className = "reference internal";
      link.href = root + talks[i][0];
      link.innerHTML = talks[i][1]; // the title as Sphinx rendered it, escaped at build time
      if (talks[i][0] === page) {
        item.className += " current active";
        link.className += " current";
        link.setAttribute("aria-current", "page");
        current = item;
      }
      item.appendChild(link);
      items.appendChild(item);
    }
    list.replaceChildren(items);
    var every = nav.querySelector("p.proceedings-all-talks");
    if (every) every.hidden = true;
    if (current) {
      // Scroll the sidebar, not the page, to the current talk.
      var scroller = nav.closest(".bd-sidebar-primary .sidebar-primary-items__middle") ||
        nav.closest(".bd-sidebar-primary");
      if (scroller) scroller.scrollTop = current.offsetTop - scroller.clientHeight / 3;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
