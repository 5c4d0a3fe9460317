// Live pages (dayledger serve): the page listens to /api/changes (server-sent events, one
// "ledger" event each time anyone writes to the ledger: this server, another one on the same
// PostgreSQL ledger, the command line) and asks htmx for its view again, in place, as the slider
// does. A view of what the ledger knew at a past moment (known_at) cannot change: it is left as
// it is. The redraw waits while a field of the view is in use (in focus, or holding words or a
// choice not sent yet): what you type is never lost, and a button is not replaced under your click. No
// inline script: the page's Content-Security-Policy allows none.
(function () {
  "use strict";

  function frozen() { return new URLSearchParams(window.location.search).get("known_at"); }

  function typing() {
    var view = document.getElementById("view");
    var a = document.activeElement;
    if (!view) { return false; }
    if (a && view.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)) { return true; }
    var fields = view.querySelectorAll("input[type=text], textarea");
    var lists = view.querySelectorAll("select");
    return Array.prototype.some.call(fields, function (f) { return f.value !== f.defaultValue; })
      || Array.prototype.some.call(lists, function (l) { return Array.prototype.some.call(l.options, function (o) { return o.selected !== o.defaultSelected; }); });
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
      if (Number(head) <= Number(shown) || frozen()) { return; }
      shown = head;
      redraw();
    });
    function later() { if (waiting) { setTimeout(redraw, 0); } }
    document.addEventListener("focusout", later);
    document.addEventListener("change", later);
    window.addEventListener("pagehide", function () { source.close(); });
  });
})();
