/* Inactivity timeout with a warning before it happens (WCAG 2.2.1).
 * The server ends a session after SESSION_COOKIE_AGE seconds without a request; this script
 * shows a warning shortly before, lets the user extend the session, and sends them to the login
 * page when it has ended. Any request (a page, an htmx update) restarts the clock. */
(function () {
  "use strict";
  var body = document.body;
  var duur = Number(body.dataset.sessieDuur || 0);
  if (!duur) { return; }
  var waarschuwing = Number(body.dataset.sessieWaarschuwing || 120);
  var venster = document.getElementById("sessie-waarschuwing");
  var knop = venster.querySelector("[data-sessie-verlengen]");
  var rest = venster.querySelector("[data-sessie-rest]");
  var einde = 0, timerWaarschuwing = 0, timerEinde = 0, timerTeller = 0, vorigeFocus = null;

  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function restTekst() {
    var seconden = Math.max(0, Math.round((einde - Date.now()) / 1000));
    var minuten = Math.ceil(seconden / 60);
    // Dutch words, as the server's |duur filter writes them.
    if (seconden > 60) return minuten + " minuten";
    return seconden === 1 ? "1 seconde" : seconden + " seconden";
  }

  function plan() {
    einde = Date.now() + duur * 1000;
    clearTimeout(timerWaarschuwing); clearTimeout(timerEinde); clearInterval(timerTeller);
    timerWaarschuwing = setTimeout(toon, Math.max(0, duur - waarschuwing) * 1000);
    timerEinde = setTimeout(verlopen, duur * 1000);
  }

  function toon() {
    vorigeFocus = document.activeElement;
    rest.textContent = restTekst();
    venster.hidden = false;
    knop.focus();
    timerTeller = setInterval(function () { rest.textContent = restTekst(); }, 15000);
  }

  function verberg() {
    venster.hidden = true;
    clearInterval(timerTeller);
    if (vorigeFocus && vorigeFocus.focus) { vorigeFocus.focus(); }
  }

  function verlopen() {
    var terug = window.location.pathname + window.location.search;
    window.location.assign(body.dataset.sessieLoginUrl + "?next=" + encodeURIComponent(terug));
  }

  knop.addEventListener("click", function () {
    fetch(body.dataset.sessieVerlengenUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (antwoord) {
      if (antwoord.ok) { verberg(); plan(); } else { verlopen(); }
    }).catch(verlopen);
  });
  venster.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { knop.click(); }
  });
  document.body.addEventListener("htmx:afterRequest", plan);
  plan();
})();
