// The workbench's only script (embedded in the binary). Without it the pages work as plain
// forms; with it every change is checked at once through POST /api/v1/bewerken/controle
// (the form's own fields), and the diagnostics, the summary and the published text are
// updated in place.
(function () {
  "use strict";
  var form = document.getElementById("werkbank");
  var bron = document.getElementById("bronform");
  var timer = null;
  var seq = 0;
  // One check at a time: a change made while one runs is checked when it returns.
  var busy = false;
  var again = null;

  function pairs(f) {
    var out = [];
    new FormData(f).forEach(function (v, k) {
      if (k !== "actie") { out.push([k, String(v)]); }
    });
    return out;
  }

  function post(url, body, done) {
    var mine = ++seq;
    busy = true;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j && mine === seq) { done(j); } })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { var run = again; again = null; run(); }
      });
  }

  function applyForm(j) {
    var boxes = form.querySelectorAll(".meldingen[id^='m-']");
    for (var i = 0; i < boxes.length; i++) {
      var key = boxes[i].id.slice(2);
      var html = j.meldingen_html[key] || "";
      if (boxes[i].innerHTML !== html) { boxes[i].innerHTML = html; }
      var invalid = html.indexOf("melding-fout") >= 0;
      var control = document.getElementById("c-" + key);
      if (control) {
        var inputs = control.querySelectorAll("input[type=text], input[type=date]");
        for (var k = 0; k < inputs.length; k++) {
          if (invalid) { inputs[k].setAttribute("aria-invalid", "true"); }
          else { inputs[k].removeAttribute("aria-invalid"); }
        }
        control.classList.toggle("open", j.open.map(function (s) { return s.replace(/[.#]/g, "_"); }).indexOf(key) >= 0);
      }
    }
    document.getElementById("open").innerHTML = j.samenvatting_html;
    document.getElementById("algemeen").innerHTML = j.algemeen_html;
    document.getElementById("tellers").outerHTML = j.tellers_html;
    document.getElementById("tekst").innerHTML = j.tekst_html;
    form.setAttribute("data-gecontroleerd", String(seq));
  }

  function schedule(f, run) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () {
      if (busy) { again = run; } else { run(); }
    }, 120);
  }

  if (form) {
    var live = function () {
      post("/api/v1/bewerken/controle", { velden: pairs(form) }, applyForm);
    };
    form.addEventListener("input", function () { schedule(form, live); });
    form.addEventListener("change", function () { schedule(form, live); });
  }
  if (bron) {
    var area = document.getElementById("bron");
    var file = bron.querySelector("input[name=bestand]").value;
    var check = function () {
      post("/api/v1/bewerken/bron", { bestand: file, bron: area.value }, function (j) {
        document.getElementById("bron-meldingen").innerHTML = j.meldingen_html;
        bron.setAttribute("data-gecontroleerd", String(seq));
      });
    };
    area.addEventListener("input", function () { schedule(bron, check); });
  }
})();
