/* Sessions that respect field work (issue 25; coord/web/sessions.py). While the page holds
 * input not yet saved, the session is renewed (POST /session/alive/) before its idle limit;
 * a page left alone warns before the limit; a session that has ended says so, and that
 * nothing was saved. The server bounds all of it with an absolute maximum. Every text comes
 * translated in the warning's data attributes. */
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var idle = Number(box.dataset.idle) * 1000;
  var text = box.querySelector(".session-text");
  var stay = box.querySelector(".session-stay");
  var unsaved = false, ended = false, lastRenewed = Date.now();

  function token() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function show(message, canStay) {
    text.textContent = message;
    stay.hidden = !canStay;
    box.hidden = false;
  }

  function renew() {
    return fetch(box.dataset.url, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token() }
    }).then(function (response) {
      if (response.status === 401) { ended = true; show(box.dataset.ended, false); return; }
      if (!response.ok) { return; }
      lastRenewed = Date.now();
      box.hidden = true;
      return response.json().then(function (body) {
        if (body.max_seconds < 600) { show(box.dataset.max, false); }
      });
    }).catch(function () { /* offline: the next tick tries again */ });
  }

  document.addEventListener("input", function (event) {
    if (event.target.form) { unsaved = true; }
  });
  document.addEventListener("submit", function () { unsaved = false; });
  stay.addEventListener("click", renew);

  setInterval(function () {
    if (ended) { return; }
    var since = Date.now() - lastRenewed;
    if (unsaved && since > idle / 2) { renew(); return; }
    if (!unsaved && idle - since < Math.min(120000, idle / 3)) { show(box.dataset.soon, true); }
  }, Math.max(1000, Math.min(60000, idle / 4)));
})();
