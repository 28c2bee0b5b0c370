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

  // Forms that destroy something ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });

  document.querySelectorAll("form[data-batch-form]").forEach(batchForm);
  document.querySelectorAll("[data-batch]").forEach(batchPage);

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

  // ---- Recruiters ----------------------------------------------------

  function humanSize(n) {
    if (n >= 1048576) return (n / 1048576).toFixed(1) + " MB";
    if (n >= 1024) return Math.round(n / 1024) + " KB";
    return n + " bytes";
  }

  function isZip(f) { return /\.zip$/i.test(f.name); }

  // readEntry walks a dropped folder (the File and Directory Entries API:
  // a directory reader hands out its entries in pages until an empty one).
  function readEntry(entry, path, out) {
    return new Promise(function (resolve) {
      if (entry.isFile) {
        entry.file(function (f) { out.push({ file: f, path: path + f.name }); resolve(); }, function () { resolve(); });
        return;
      }
      if (!entry.isDirectory || entry.name.charAt(0) === ".") { resolve(); return; }
      var reader = entry.createReader();
      var all = [];
      (function page() {
        reader.readEntries(function (entries) {
          if (!entries.length) {
            Promise.all(all.map(function (e) { return readEntry(e, path + entry.name + "/", out); })).then(function () { resolve(); });
            return;
          }
          all = all.concat(Array.prototype.slice.call(entries));
          page();
        }, function () { resolve(); });
      })();
    });
  }

  // The batch form: files, folders and zips picked or dropped gather in
  // one list, sent to the API with an upload progress bar; the page of the
  // new batch opens when the upload is taken. Without this script the
  // form posts to /recruiter/batches as it is.
  function batchForm(form) {
    var zone = form.querySelector("[data-many]");
    var picked = [];
    var summary = form.querySelector("[data-picked]");
    var list = form.querySelector("[data-picked-list]");
    var errorBox = form.querySelector("[data-form-error]");
    var inputs = form.querySelectorAll("#cvs, #folder, #archive");

    function show() {
      var bytes = 0, cvs = 0, zips = 0;
      picked.forEach(function (p) { bytes += p.file.size; if (isZip(p.file)) zips++; else cvs++; });
      var parts = [];
      if (cvs) parts.push(cvs + (cvs === 1 ? " CV" : " CVs"));
      if (zips) parts.push(zips + (zips === 1 ? " zip" : " zips"));
      summary.textContent = picked.length ? parts.join(" and ") + " · " + humanSize(bytes) : "";
      zone.classList.toggle("has-file", picked.length > 0);
      list.textContent = "";
      picked.slice(0, 6).forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = p.path;
        list.appendChild(li);
      });
      if (picked.length > 6) {
        var more = document.createElement("li");
        more.className = "more";
        more.textContent = "and " + (picked.length - 6) + " more";
        list.appendChild(more);
      }
      if (picked.length) {
        var li = document.createElement("li");
        var clear = document.createElement("button");
        clear.type = "button";
        clear.className = "link-button";
        clear.textContent = "Clear the list";
        clear.addEventListener("click", function () { picked = []; show(); });
        li.className = "clear";
        li.appendChild(clear);
        list.appendChild(li);
      }
    }
    function add(files) {
      files.forEach(function (p) {
        if (p.file.name.charAt(0) === ".") return; // .DS_Store and friends
        picked.push(p);
      });
      show();
    }
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        add(Array.prototype.map.call(input.files, function (f) { return { file: f, path: f.webkitRelativePath || f.name }; }));
        input.value = ""; // the list holds them now; do not send them twice
      });
    });
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      var dt = e.dataTransfer;
      if (!dt) return;
      var items = dt.items;
      var entries = [];
      if (items && items.length && items[0].webkitGetAsEntry) {
        for (var i = 0; i < items.length; i++) {
          var entry = items[i].webkitGetAsEntry();
          if (entry) entries.push(entry);
        }
      }
      if (!entries.length) {
        // No entries to walk (an older browser, or files from a script):
        // the plain file list, without folders.
        add(Array.prototype.map.call(dt.files, function (f) { return { file: f, path: f.name }; }));
        return;
      }
      var out = [];
      Promise.all(entries.map(function (en) { return readEntry(en, "", out); })).then(function () { add(out); });
    });

    // The job description's file can be dropped on its field too.
    var jdBox = form.querySelector("[data-jd-drop]");
    var jdInput = form.querySelector("#jd");
    var jdName = form.querySelector("[data-jd-name]");
    function showJD() {
      var f = jdInput.files && jdInput.files[0];
      jdName.textContent = f ? "The job description is the file " + f.name + "." : "";
      jdBox.classList.toggle("has-file", !!f);
    }
    jdInput.addEventListener("change", showJD);
    ["dragenter", "dragover"].forEach(function (t) {
      jdBox.addEventListener(t, function (e) { e.preventDefault(); jdBox.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      jdBox.addEventListener(t, function () { jdBox.classList.remove("over"); });
    });
    jdBox.addEventListener("drop", function (e) {
      e.preventDefault();
      var files = e.dataTransfer && e.dataTransfer.files;
      if (!files || !files.length) return;
      var dt = new DataTransfer();
      dt.items.add(files[0]);
      jdInput.files = dt.files;
      showJD();
    });

    function fail(msg) {
      errorBox.textContent = msg;
      errorBox.hidden = false;
      errorBox.scrollIntoView({ block: "center" });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      errorBox.hidden = true;
      var jdText = form.querySelector("#jd_text").value.trim();
      var jdFile = form.querySelector("#jd").files[0];
      if (!jdText && !jdFile) { fail("Add the job description: paste its text or choose its file."); return; }
      if (!picked.length) { fail("Add the CVs: drop them here, or choose files, a folder or a zip."); return; }
      var data = new FormData();
      if (jdFile) data.append("jd", jdFile); else data.append("jd_text", jdText);
      ["notify_email", "webhook_url"].forEach(function (name) {
        var v = form.elements[name].value.trim();
        if (v) data.append(name, v);
      });
      picked.forEach(function (p) { data.append(isZip(p.file) ? "archive" : "cvs", p.file, p.path); });

      var button = form.querySelector("[data-submit]");
      var box = form.querySelector("[data-upload-progress]");
      var bar = form.querySelector("[data-upload-bar]");
      var text = form.querySelector("[data-upload-text]");
      button.disabled = true;
      button.textContent = "Uploading…";
      box.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/batches");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (ev) {
        if (!ev.lengthComputable) return;
        bar.max = ev.total;
        bar.value = ev.loaded;
        text.textContent = ev.loaded < ev.total ? "Uploading " + humanSize(ev.loaded) + " of " + humanSize(ev.total) : "Checking the files…";
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { /* not JSON */ }
        if (xhr.status === 202 && body.page_url) {
          text.textContent = "Starting the batch…";
          window.location.assign(body.page_url);
          return;
        }
        var msg = body.error && body.error.message ? body.error.message : "the upload failed (" + xhr.status + ")";
        fail("We could not take this batch. " + msg.charAt(0).toUpperCase() + msg.slice(1) + ".");
        button.disabled = false;
        button.textContent = "Start the batch";
        box.hidden = true;
      });
      xhr.addEventListener("error", function () {
        fail("The upload was interrupted: check your connection and try again.");
        button.disabled = false;
        button.textContent = "Start the batch";
        box.hidden = true;
      });
      xhr.send(data);
    });
  }

  // The batch page: polls the API while the batch runs, and sorts the
  // table through the API, so the order is the server's (one code for the
  // page, the API and scores.csv).
  function batchPage(root) {
    var url = root.getAttribute("data-batch");
    var sort = root.getAttribute("data-sort") || "fit";
    var order = root.getAttribute("data-order") || "desc";
    var running = root.getAttribute("data-status") !== "done";
    var tbody = root.querySelector("[data-rows]");
    var timer = null;
    var delay = 1500;

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined && text !== null) e.textContent = text;
      return e;
    }
    function fitClass(n) { return n >= 70 ? "high" : n >= 45 ? "mid" : "low"; }
    function natural(key) { return key === "name" || key === "file" || key === "status" ? "asc" : "desc"; }

    function row(c, pillars) {
      var tr = el("tr", "row-" + c.status);
      tr.appendChild(el("td", "num rank", c.rank ? String(c.rank) : ""));
      var who = el("td", "who");
      if (c.name) {
        who.appendChild(el("span", "name", c.name));
        who.appendChild(el("span", "file", c.file + (c.duplicate_of ? " · copy of " + c.duplicate_of : "")));
      } else {
        who.appendChild(el("span", "name file-only", c.file));
        who.appendChild(el("span", "file", c.status === "processing" ? "Being read…" : c.status === "ready" ? "No name found in the CV" : "Waiting its turn"));
      }
      tr.appendChild(who);
      if (c.fit !== null && c.fit !== undefined) {
        var fit = el("td", "num fit");
        fit.appendChild(el("span", "fit-num fit-" + fitClass(c.fit), String(c.fit)));
        tr.appendChild(fit);
        pillars.forEach(function (p) {
          var v = (c.pillars && c.pillars[p.id]) || 0;
          var td = el("td", "num pillar");
          var bar = el("progress", "mini fit-" + fitClass(v));
          bar.max = 100;
          bar.value = v;
          bar.setAttribute("aria-label", p.name);
          td.appendChild(bar);
          td.appendChild(el("span", "mini-num", String(v)));
          tr.appendChild(td);
        });
        tr.appendChild(el("td", "num cov", c.coverage + "%"));
        var gaps = el("td", "gaps-cell", String((c.gaps || []).length));
        gaps.title = (c.gaps || []).join(", ");
        tr.appendChild(gaps);
        var link = el("td");
        var a = el("a", "pdf-link", "PDF");
        a.href = c.report_url;
        a.target = "_blank";
        a.rel = "noopener";
        link.appendChild(a);
        tr.appendChild(link);
      } else {
        tr.appendChild(el("td", "num"));
        pillars.forEach(function () { tr.appendChild(el("td", "num pillar")); });
        tr.appendChild(el("td", "num cov"));
        tr.appendChild(el("td", "gaps-cell"));
        var st = el("td");
        st.appendChild(el("span", "pill pill-" + c.status, c.status === "processing" ? "Reading…" : "Queued"));
        tr.appendChild(st);
      }
      return tr;
    }

    function header(s) {
      // Pillar columns come with the first ready report; rebuild the
      // heading when they change.
      var head = root.querySelector("thead tr");
      var have = head.querySelectorAll("th.pillar").length;
      if (have !== s.pillar_names.length) {
        head.querySelectorAll("th.pillar").forEach(function (th) { th.remove(); });
        var coverage = head.querySelector('[data-sort-key="coverage"]').closest("th");
        s.pillar_names.forEach(function (p) {
          var th = el("th", "num pillar");
          th.scope = "col";
          var a = el("a", "sort", p.name);
          a.href = "?sort=" + encodeURIComponent(p.id) + "&order=desc";
          a.setAttribute("data-sort-key", p.id);
          a.appendChild(el("span", "arrow"));
          th.appendChild(a);
          head.insertBefore(th, coverage);
        });
      }
      head.querySelectorAll("a.sort").forEach(function (a) {
        var th = a.closest("th");
        var key = a.getAttribute("data-sort-key");
        var active = key === sort;
        var arrow = a.querySelector(".arrow");
        if (active) th.setAttribute("aria-sort", order === "desc" ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
        if (arrow) arrow.textContent = active ? (order === "desc" ? "↓" : "↑") : "";
        a.href = "?sort=" + encodeURIComponent(key) + "&order=" + (active ? (order === "desc" ? "asc" : "desc") : natural(key));
      });
    }

    function render(s) {
      header(s);
      var frag = document.createDocumentFragment();
      var failures = [];
      s.candidates.forEach(function (c) {
        if (c.status === "failed") { failures.push(c); return; }
        frag.appendChild(row(c, s.pillar_names));
      });
      tbody.textContent = "";
      tbody.appendChild(frag);
      root.querySelector("[data-empty]").hidden = s.done > 0;
      var finished = s.done + s.failed;
      var bar = root.querySelector("[data-progress]");
      bar.max = s.total;
      bar.value = finished;
      var pct = s.total ? Math.floor(100 * finished / s.total) : 100;
      root.querySelector("[data-percent]").textContent = pct + "%";
      root.querySelector("[data-done]").textContent = s.done;
      root.querySelector("[data-failed]").textContent = s.failed;
      root.querySelector("[data-queued]").textContent = s.queued;
      root.querySelector("[data-eyebrow]").textContent = s.status === "done" ? "Done" : "Working on it";
      if (s.role) {
        var title = s.role + (s.company ? " at " + s.company : "");
        var h1 = root.querySelector("#batch-title");
        if (h1.textContent !== title) { h1.textContent = title; document.title = title + " · prep"; }
      }
      root.setAttribute("data-status", s.status);
      var fbox = root.querySelector("[data-failures]");
      var flist = root.querySelector("[data-failure-list]");
      flist.textContent = "";
      failures.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("span", "file-name", c.file));
        li.appendChild(document.createTextNode(" "));
        var reason = c.error || "";
        li.appendChild(el("span", "reason", reason.charAt(0).toUpperCase() + reason.slice(1)));
        flist.appendChild(li);
      });
      fbox.hidden = failures.length === 0;
      var d = root.querySelector("[data-delivery]");
      if (d && s.notify) {
        var parts = [];
        if (s.notify.email) parts.push("Email to " + s.notify.email + ": " + (s.notify.email_state || "when done") + ".");
        if (s.notify.webhook) parts.push("Webhook: " + (s.notify.webhook_state || "when done") + (s.notify.webhook_error ? " (" + s.notify.webhook_error + ")" : "") + ".");
        d.textContent = parts.join(" ");
      }
    }

    function load() {
      clearTimeout(timer);
      var q = url + "?sort=" + encodeURIComponent(sort) + "&order=" + order;
      return fetch(q, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (s) {
          render(s);
          delay = 1500;
          var deliveries = s.notify && ((s.notify.email && !/^(sent|failed|unknown)$/.test(s.notify.email_state || "")) ||
            (s.notify.webhook && !/^(sent|failed)$/.test(s.notify.webhook_state || "")));
          running = s.status !== "done" || !!deliveries;
          if (running) timer = setTimeout(load, delay);
        })
        .catch(function () { delay = Math.min(delay * 2, 15000); timer = setTimeout(load, delay); });
    }

    root.querySelector("thead").addEventListener("click", function (e) {
      var a = e.target.closest("a.sort");
      if (!a) return;
      e.preventDefault();
      var key = a.getAttribute("data-sort-key");
      order = key === sort ? (order === "desc" ? "asc" : "desc") : natural(key);
      sort = key;
      root.setAttribute("data-sort", sort);
      root.setAttribute("data-order", order);
      if (window.history && history.replaceState) history.replaceState(null, "", "?sort=" + encodeURIComponent(sort) + "&order=" + order);
      load();
    });
    if (running) timer = setTimeout(load, 600);
  }
})();
