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

    form.addEventListener("input", function (event) {
      showRangeValue(event);
      schedule();
    });
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (timer !== null) clearTimeout(timer);
      send();
    });
    form.classList.add("is-live");
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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
