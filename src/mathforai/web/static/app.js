// Math for AI Engineers: progressive enhancement for widgets and quick checks.
// Without this script every form still works (it submits and the page re-renders);
// with it, widgets update in place as you type or drag and quick checks answer
// without a reload. The server computes everything: no math lives here.
(function () {
  "use strict";

  var THROTTLE_MS = 60;

  function upgradeWidget(form) {
    var name = form.getAttribute("data-widget");
    var output = form.querySelector(".widget-output");
    if (!name || !output) return;
    var sent = 0; // number of the latest request
    var shown = 0; // number of the request whose answer is on screen
    var lastSentAt = 0;
    var timer = null;
    // A lab form names its own fragment URL and a longer pause (it runs a model).
    var renderUrl = form.getAttribute("data-render") || "/widgets/" + encodeURIComponent(name) + "/render";
    var throttle = Number(form.getAttribute("data-throttle")) || THROTTLE_MS;

    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        params.append(key, String(value));
      });
      return params.toString();
    }

    function send() {
      timer = null;
      lastSentAt = Date.now();
      var mine = ++sent;
      var url = renderUrl + "?" + query();
      form.setAttribute("aria-busy", "true");
      fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          return response.text().then(function (html) {
            return { ok: response.ok, html: html };
          });
        })
        .then(function (answer) {
          // A slow answer to an older request must not replace a newer one.
          if (mine <= shown) return;
          shown = mine;
          output.innerHTML = answer.html;
          output.classList.toggle("is-error", !answer.ok);
          output.dispatchEvent(new Event("mathforai:updated"));
        })
        .catch(function () {
          if (mine < sent) return;
          output.classList.add("is-error");
          output.textContent = "Could not reach the server; check it is still running.";
        })
        .then(function () {
          if (mine === sent) form.removeAttribute("aria-busy");
        });
    }

    // At most one request per THROTTLE_MS while dragging; the trailing call reads the
    // form when it fires, so the final value is always sent.
    function schedule() {
      if (timer !== null) return;
      var wait = throttle - (Date.now() - lastSentAt);
      if (wait <= 0) send();
      else timer = setTimeout(send, wait);
    }

    function showRangeValue(event) {
      var input = event.target;
      if (!input || input.type !== "range") return;
      var shownValue = input.parentNode && input.parentNode.querySelector("output.range-value");
      if (shownValue) shownValue.textContent = input.value;
    }

    // Typing "-" or clearing a box on the way to a new number is not an error yet: wait
    // until every box holds a value (a number box reads "" while it holds just "-").
    // Compute (submit) still sends, so the server names what is missing.
    function complete() {
      var boxes = form.querySelectorAll("input[type=number], .cell-text input[type=text]");
      for (var i = 0; i < boxes.length; i++) {
        var box = boxes[i];
        if (box.disabled || box.closest(".vector-text")) continue;
        if (box.value.trim() === "" || (box.validity && box.validity.badInput)) return false;
      }
      return true;
    }

    function edited() {
      if (complete()) schedule();
    }

    form.addEventListener("input", function (event) {
      showRangeValue(event);
      edited();
    });
    form.addEventListener("change", edited);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (timer !== null) clearTimeout(timer);
      send();
    });
    Array.prototype.forEach.call(form.querySelectorAll("details.vector-text"), function (box) {
      resizable(box, edited);
    });
    output.addEventListener("mathforai:updated", function () { markScrollers(output); });
    form.classList.add("is-live");
  }

  var SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";
  var MAX_ENTRIES = 32;

  function subscript(n) {
    return String(n).replace(/[0-9]/g, function (d) { return SUBSCRIPT.charAt(Number(d)); });
  }

  // + and − buttons to lengthen or shorten a vector; they replace the "type all entries"
  // box that serves the same purpose without JavaScript.
  function resizable(box, edited) {
    var field = box.getAttribute("data-vector");
    var entry = box.getAttribute("data-entry") || field;
    var cells = box.parentNode.querySelector(".cells");
    if (!cells) return;
    box.hidden = true;
    box.querySelector("input").disabled = true;
    var bar = document.createElement("div");
    bar.className = "vector-resize";
    var add = button("+", "Add an entry to " + field);
    var remove = button("−", "Remove the last entry of " + field);
    bar.appendChild(add);
    bar.appendChild(remove);
    box.parentNode.insertBefore(bar, box);

    function count() { return cells.querySelectorAll(".cell").length; }
    function refresh() {
      remove.disabled = count() <= 1;
      add.disabled = count() >= MAX_ENTRIES;
    }
    add.addEventListener("click", function () {
      var last = cells.lastElementChild;
      var n = count();
      var copy = last.cloneNode(true);
      var input = copy.querySelector("input");
      input.name = field + "." + n;
      var label = copy.querySelector(".cell-label, .sr-only");
      if (label) label.textContent = entry + subscript(n + 1);
      cells.appendChild(copy);
      refresh();
      edited();
    });
    remove.addEventListener("click", function () {
      if (count() <= 1) return;
      cells.removeChild(cells.lastElementChild);
      refresh();
      edited();
    });
    refresh();
  }

  function button(text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary small";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    return b;
  }

  // Wide math, tables and working scroll sideways on a narrow screen. A region that
  // overflows is wrapped once in a named, focusable group so a keyboard can scroll it
  // too; CSS draws a shadow at the edge that has more to see.
  var SCROLLERS = "math[display=block], table, pre, .explanation .steps, .lab-working";
  var KINDS = { MATH: "Equation", TABLE: "Table", PRE: "Code", OL: "Working" };

  function overflows(el) {
    return el.scrollWidth > el.clientWidth; // as axe-core counts it
  }

  function markScrollers(root) {
    Array.prototype.forEach.call(root.querySelectorAll(SCROLLERS), function (el) {
      if (el.closest(".scroll-x") || !overflows(el)) return;
      var wrap = document.createElement("div");
      wrap.className = "scroll-x";
      var kind = KINDS[el.tagName.toUpperCase()] || "Wide content";
      wrap.setAttribute("role", "group");
      wrap.setAttribute("aria-label", kind + ", scrolls sideways");
      el.parentNode.insertBefore(wrap, el);
      wrap.appendChild(el);
    });
    Array.prototype.forEach.call(root.querySelectorAll(".scroll-x"), function (wrap) {
      if (overflows(wrap)) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
  }

  function upgradeQuiz(section) {
    var id = section.getAttribute("data-quiz");
    var form = section.querySelector("form");
    var feedback = section.querySelector(".quiz-feedback");
    if (!id || !form || !feedback) return;

    function say(className, verdict, whyHtml) {
      feedback.innerHTML = "";
      var p = document.createElement("p");
      p.className = "verdict " + className;
      p.textContent = verdict;
      feedback.appendChild(p);
      if (whyHtml) {
        var why = document.createElement("div");
        why.className = "why";
        why.innerHTML = whyHtml; // the course's own HTML, rendered on the server
        feedback.appendChild(why);
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = form.querySelector("input[name=choice]:checked");
      if (!picked) {
        say("", "Pick one of the answers first.");
        return;
      }
      fetch("/api/quiz/" + encodeURIComponent(id), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ choice: Number(picked.value) }),
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (answer.error) {
            say("is-wrong", answer.error);
            return;
          }
          say(
            answer.correct ? "is-right" : "is-wrong",
            answer.correct ? "Right." : "Not quite.",
            answer.why_html
          );
        })
        .catch(function () {
          say("is-wrong", "Could not reach the server; check it is still running.");
        });
    });
  }

  function showMastery(badge) {
    var topic = badge.getAttribute("data-mastery-for");
    var due = document.querySelector('[data-due-for="' + topic + '"]');
    fetch("/api/progress", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.topics) return;
        var record = data.topics[topic];
        var level = record ? record.mastery : "new";
        badge.className = "badge mastery mastery-" + level;
        badge.querySelector(".mastery-word").textContent = level;
        badge.hidden = false;
        if (due && record && record.due && new Date(record.due) <= new Date()) due.hidden = false;
      })
      .catch(function () { /* the badge is a bonus; the lesson works without it */ });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-widget]"), upgradeWidget);
    Array.prototype.forEach.call(document.querySelectorAll("[data-quiz]"), upgradeQuiz);
    Array.prototype.forEach.call(document.querySelectorAll("[data-mastery-for]"), showMastery);
    markScrollers(document);
    var resized = null;
    window.addEventListener("resize", function () {
      if (resized !== null) clearTimeout(resized);
      resized = setTimeout(function () { resized = null; markScrollers(document); }, 150);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
