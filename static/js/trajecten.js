// Dossier actions are swapped in place by htmx. Afterwards, move keyboard and screen-reader
// focus to what changed: the first field with an error, else the form's error, else the
// confirmation. Loaded as a file (no inline script), so a nonce-based CSP allows it.
(function () {
  "use strict";
  // htmx:load fires on the new content (afterSwap would fire on the replaced element).
  document.addEventListener("htmx:load", function (event) {
    var dossier = event.target;
    if (!dossier || dossier.id !== "dossier") {
      return;
    }
    var doel =
      dossier.querySelector(".is-invalid") ||
      dossier.querySelector("form .alert-danger, .alert-danger[role=alert]") ||
      document.getElementById("dossier-melding");
    if (!doel) {
      return;
    }
    if (!doel.matches("input, select, textarea")) {
      doel.setAttribute("tabindex", "-1");
    }
    doel.focus();
  });
})();
