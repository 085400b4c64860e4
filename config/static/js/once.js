// A form that stores something is sent once: while its first submit is on its way, a second
// one (a double click, an impatient second press on a slow connection) is ignored. The guard
// lifts after a while, for a form whose answer is a download and leaves the page as it was,
// and when the browser shows the page again from its back/forward cache.
(function () {
  "use strict";
  var GUARD_MS = 8000;

  function release(form) {
    delete form.dataset.submitting;
    form.removeAttribute("aria-busy");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
      return;
    }
    if (event.defaultPrevented) {
      return;
    }
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    form.setAttribute("aria-busy", "true");
    window.setTimeout(release, GUARD_MS, form);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitting]").forEach(release);
    }
  });
})();
