// The time slider (dayledger serve): two range inputs, one along your life (as_of) and one along
// the ledger's knowledge (known_at), stepping by event, day or week. Moving one writes the WHEN
// into its text field and asks htmx to redraw the view in place (the address keeps as_of and
// known_at). Arrow keys move the focused slider; elsewhere on the page Left/Right move as_of and
// Shift+Left/Right known_at. No inline script: the page's Content-Security-Policy allows none.
(function () {
  "use strict";
  var DAY = 86400000;

  function dayText(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function stopsOf(axis, step) {
    var stops = [];
    var first = Date.parse(axis.dataset.first + "T00:00:00Z");
    var today = Date.parse(axis.dataset.today + "T00:00:00Z");
    if (step === "event") {
      var moments = (axis.dataset.moments || "").split(" ").filter(Boolean);
      // the second after each event's second, so that the event is inside the view
      stops = moments.map(function (m) { return new Date(Date.parse(m + "Z") + 1000).toISOString().replace(".000Z", "Z"); });
    } else {
      var stride = step === "week" ? 7 * DAY : DAY;
      for (var t = today - stride; t >= first - stride + DAY; t -= stride) { stops.unshift(dayText(t)); }
      if (step === "day") { stops.push(dayText(today)); }
    }
    stops.push("");  // now
    return stops;
  }

  function setUp(form) {
    var step = form.querySelector("#step");
    var timer = null;
    var axes = Array.prototype.slice.call(form.querySelectorAll(".axis"));

    function ask() {
      clearTimeout(timer);
      timer = setTimeout(function () { if (window.htmx) { window.htmx.trigger(form, "travel"); } else { form.submit(); } }, 120);
    }

    function place(axis) {
      var range = axis.querySelector("input[type=range]");
      var field = axis.querySelector(".when");
      var stops = stopsOf(axis, step.value);
      axis.stops = stops;
      range.max = String(stops.length - 1);
      var at = stops.indexOf(field.value);
      if (at < 0 && field.value) {  // a WHEN typed by hand: the nearest stop not after it, else the last
        at = stops.length - 1;
        var wanted = Date.parse(field.value);
        if (!isNaN(wanted)) {
          for (var i = 0; i < stops.length - 1; i++) { if (Date.parse(stops[i]) <= wanted) { at = i; } }
        }
      }
      range.value = String(at < 0 ? stops.length - 1 : at);
    }

    axes.forEach(function (axis) {
      var range = axis.querySelector("input[type=range]");
      var field = axis.querySelector(".when");
      place(axis);
      range.addEventListener("input", function () {
        field.value = axis.stops[Number(range.value)] || "";
        ask();
      });
      field.addEventListener("change", function () { place(axis); });
    });
    step.addEventListener("change", function () { axes.forEach(place); });

    document.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.altKey || e.ctrlKey || e.metaKey) { return; }
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") { return; }
      var axis = axes[e.shiftKey ? 1 : 0];
      if (!axis) { return; }
      var range = axis.querySelector("input[type=range]");
      var next = Number(range.value) + (e.key === "ArrowRight" ? 1 : -1);
      if (next < 0 || next > Number(range.max)) { return; }
      e.preventDefault();
      range.value = String(next);
      range.dispatchEvent(new Event("input"));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("travel");
    if (form) { setUp(form); }
  });
})();
