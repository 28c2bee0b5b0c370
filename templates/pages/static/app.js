// prep: progressive enhancement of the pages. Everything works without it:
// the form posts, and the status page refreshes itself through <noscript>.
(function () {
  "use strict";

  // The CV drop zone: drag and drop onto the file input, show the name.
  document.querySelectorAll("[data-drop]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var label = zone.querySelector("[data-file-name]");
    function show() {
      var f = input.files && input.files[0];
      label.textContent = f ? f.name : "";
      zone.classList.toggle("has-file", !!f);
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
    show();
  });

  // One submission at a time, with a visible sign that it is on its way.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("[data-submit]");
      if (b) { b.disabled = true; b.textContent = "Uploading…"; }
    });
  });

  // The status page follows the report through the API and reloads once
  // it is ready or failed, to show the summary rendered by the server.
  var box = document.querySelector("[data-poll]");
  if (!box) return;
  var url = box.getAttribute("data-poll");
  var live = box.querySelector("[data-live]");
  var steps = Array.prototype.slice.call(box.querySelectorAll("[data-step]"));
  var delay = 700;
  function mark(stage) {
    var idx = steps.findIndex(function (s) { return s.getAttribute("data-step") === stage; });
    if (idx < 0) return;
    steps.forEach(function (s, i) {
      s.classList.remove("done", "current", "todo");
      s.classList.add(i < idx ? "done" : i === idx ? "current" : "todo");
      if (i === idx) { s.setAttribute("aria-current", "step"); } else { s.removeAttribute("aria-current"); }
    });
    if (live) live.textContent = steps[idx].textContent;
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        if (s.status === "ready" || s.status === "failed") { window.location.reload(); return; }
        mark(s.stage);
        setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 10000); setTimeout(poll, delay); });
  }
  setTimeout(poll, delay);
})();
