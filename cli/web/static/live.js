// Live pages (dayledger serve): the page listens to /api/changes (server-sent events, one
// "ledger" event each time anyone writes to the ledger: this server, another one on the same
// PostgreSQL ledger, the command line) and asks htmx for its view again, in place, as the slider
// does. A view of what the ledger knew at a past moment (known_at) cannot change: it is left as
// it is. While you type in a field of the view the redraw waits until you leave it. No inline
// script: the page's Content-Security-Policy allows none.
(function () {
  "use strict";

  function frozen() { return new URLSearchParams(window.location.search).get("known_at"); }

  function typing() {
    var a = document.activeElement;
    return Boolean(a && a.closest && a.closest("#view") && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.value);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    if (!body.dataset.live || !window.EventSource) { return; }
    var shown = body.dataset.head;
    var waiting = false;

    function redraw() {
      if (typing()) { waiting = true; return; }
      waiting = false;
      if (!window.htmx) { window.location.reload(); return; }
      window.htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#view", swap: "innerHTML" }).then(function () {
        body.dataset.shown = shown;  // the newest event the view now shows
      });
    }

    var source = new EventSource(body.dataset.live + "?since=" + encodeURIComponent(shown));
    source.addEventListener("ledger", function (e) {
      var head = String(JSON.parse(e.data).head);
      if (head === shown || frozen()) { return; }
      shown = head;
      redraw();
    });
    document.addEventListener("focusout", function () { if (waiting) { setTimeout(redraw, 0); } });
    window.addEventListener("pagehide", function () { source.close(); });
  });
})();
