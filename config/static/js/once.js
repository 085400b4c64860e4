// A form that stores something is sent once: while its first submit is on its way, a second
// one (a double click, an impatient second press on a slow connection) is ignored. Every
// download is a GET, so a POST always leaves the page; the guard lifts when the browser shows
// the page again from its back/forward cache.
(function () {
  "use strict";

  function release(form) {
    delete form.dataset.submitting;
    form.removeAttribute("aria-busy");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // The pressed button may send the form another way than the form's own (formmethod).
    var method = (event.submitter && event.submitter.formMethod) || form.method;
    if (!(form instanceof HTMLFormElement) || method.toLowerCase() !== "post") {
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
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitting]").forEach(release);
    }
  });
})();
