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
    var inFlight = 0, again = false; // requests unanswered; the form changed meanwhile
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

    // One request at a time while dragging a point or a slider: edits made meanwhile go
    // as soon as the answer is in. Compute (submit) always sends.
    function send(force) {
      timer = null;
      if (inFlight > 0 && force !== true) {
        again = true;
        return;
      }
      inFlight += 1;
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
          var held = heldPoint(output);
          output.innerHTML = answer.html;
          output.classList.toggle("is-error", !answer.ok);
          output.dispatchEvent(new Event("mathforai:updated"));
          if (held !== null) focusPoint(output, held);
        })
        .catch(function () {
          if (mine < sent) return;
          output.classList.add("is-error");
          output.textContent = "Could not reach the server; check it is still running.";
        })
        .then(function () {
          inFlight -= 1;
          if (again) {
            again = false;
            schedule();
          } else if (mine === sent) {
            form.removeAttribute("aria-busy");
          }
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
      send(true);
    });
    Array.prototype.forEach.call(form.querySelectorAll("details.vector-text"), function (box) {
      resizable(box, edited);
    });
    output.addEventListener("mathforai:updated", function () { markScrollers(output); });
    draggablePoints(form, output);
    form.classList.add("is-live");
  }

  // Points a learner can move (least squares): drag one with a mouse, pen or finger, or
  // focus it and use the arrow keys. A move writes the form's own x and y boxes and fires
  // "input", so the usual request asks the engine and the fit, residuals and numbers come
  // from the server; only the moved point is drawn here at once, so the hand feels no lag.
  // The server's <svg> carries its frame (data-x0 … data-bottom), each handle a data-index.
  var KEY_STEP = 0.1, BIG_KEY_STEP = 1; // the big step with Shift
  var KEYS = { ArrowUp: [0, 1], ArrowDown: [0, -1], ArrowRight: [1, 0], ArrowLeft: [-1, 0] };
  var FRAME_KEYS = ["x0", "x1", "y0", "y1", "left", "right", "top", "bottom"];

  function frameOf(svg) {
    var frame = {};
    var ok = FRAME_KEYS.every(function (key) {
      frame[key] = Number(svg.getAttribute("data-" + key) || NaN);
      return isFinite(frame[key]);
    });
    return ok && frame.x1 > frame.x0 && frame.y1 > frame.y0 ? frame : null;
  }

  function pointBox(form, axis, index) {
    return form.querySelector('input[name="' + axis + "." + index + '"]');
  }

  function movableFigure(form, output) {
    var svg = output.querySelector("svg[data-x0]");
    return svg && frameOf(svg) && pointBox(form, "x", 0) ? svg : null;
  }

  function toCanvas(frame, x, y) {
    return {
      x: frame.left + ((x - frame.x0) / (frame.x1 - frame.x0)) * (frame.right - frame.left),
      y: frame.bottom - ((y - frame.y0) / (frame.y1 - frame.y0)) * (frame.bottom - frame.top),
    };
  }

  // A pointer back in data, through the frame the drag began in (the server may rescale
  // the figure mid-drag; the hand keeps the scale it started with), kept inside the plot.
  function toData(svg, frame, clientX, clientY) {
    var matrix = svg.getScreenCTM();
    if (!matrix) return null;
    var p = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    var px = Math.min(frame.right, Math.max(frame.left, p.x));
    var py = Math.min(frame.bottom, Math.max(frame.top, p.y));
    return {
      x: frame.x0 + ((px - frame.left) / (frame.right - frame.left)) * (frame.x1 - frame.x0),
      y: frame.y0 + ((frame.bottom - py) / (frame.bottom - frame.top)) * (frame.y1 - frame.y0),
    };
  }

  // A dragged value to about a pixel's precision, so the boxes read 4.27, not 4.2713178.
  function tidy(value, span) {
    var digits = Math.max(0, Math.min(10, Math.ceil(-Math.log10(span / 500))));
    return String(Number(value.toFixed(digits)));
  }

  function readPoint(form, index) {
    var x = pointBox(form, "x", index);
    var y = pointBox(form, "y", index);
    var point = x && y && { x: Number(x.value.trim() || NaN), y: Number(y.value.trim() || NaN) };
    return point && isFinite(point.x) && isFinite(point.y) ? point : null;
  }

  // Draw a handle (and its residual's end) where the form's boxes say it is, and say so.
  function place(svg, index, point) {
    var frame = frameOf(svg);
    var handle = svg.querySelector('.handle[data-index="' + index + '"]');
    if (!frame || !handle || !point) return;
    var at = toCanvas(frame, point.x, point.y);
    Array.prototype.forEach.call(handle.querySelectorAll("circle"), function (circle) {
      circle.setAttribute("cx", at.x.toFixed(2));
      circle.setAttribute("cy", at.y.toFixed(2));
    });
    var residual = svg.querySelector('.residual[data-index="' + index + '"]');
    if (residual) {
      residual.setAttribute("x1", at.x.toFixed(2));
      residual.setAttribute("x2", at.x.toFixed(2));
      residual.setAttribute("y1", at.y.toFixed(2));
    }
    var fit = svg.getAttribute("data-fit"); // the engine's line, as the server wrote it
    handle.setAttribute("aria-label", "point " + (Number(index) + 1) + ", arrow keys move it");
    handle.setAttribute("aria-valuenow", String(point.y));
    handle.setAttribute("aria-valuetext", "x = " + point.x + ", y = " + point.y + (fit ? "; line " + fit : ""));
  }

  function upgradeHandles(form, output) {
    var svg = movableFigure(form, output);
    if (!svg) return;
    // Focusable sliders inside: the figure is a group now, no longer a single image.
    svg.setAttribute("role", "group");
    var hint = ". Drag a point, or focus it and use the arrow keys (Shift moves by 1)";
    svg.setAttribute("aria-label", svg.getAttribute("aria-label") + hint);
    svg.classList.add("is-draggable");
    Array.prototype.forEach.call(svg.querySelectorAll(".handle[data-index]"), function (handle) {
      var index = handle.getAttribute("data-index");
      if (!readPoint(form, index)) return;
      handle.setAttribute("tabindex", "0");
      handle.setAttribute("role", "slider");
      handle.setAttribute("aria-roledescription", "movable point");
      // The boxes may be ahead of this answer (the learner kept moving): show where they are.
      place(svg, index, readPoint(form, index));
    });
  }

  function movePoint(form, output, index, point) {
    var x = pointBox(form, "x", index);
    var y = pointBox(form, "y", index);
    if (!x || !y) return;
    x.value = point.x;
    y.value = point.y;
    var svg = movableFigure(form, output);
    if (svg) place(svg, index, readPoint(form, index));
    y.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function onKey(form, output, event) {
    var handle = event.target.closest && event.target.closest(".handle[tabindex]");
    var way = KEYS[event.key];
    if (!handle || !way || event.altKey || event.ctrlKey || event.metaKey) return;
    var index = handle.getAttribute("data-index");
    var point = readPoint(form, index);
    if (!point) return;
    event.preventDefault(); // the arrows move the point, not the page
    var step = event.shiftKey ? BIG_KEY_STEP : KEY_STEP;
    // toFixed(10) drops the binary tail of 0.1 steps (3.9 + 0.1 is 4, not 3.9999999999999996).
    movePoint(form, output, index, {
      x: Number((point.x + way[0] * step).toFixed(10)),
      y: Number((point.y + way[1] * step).toFixed(10)),
    });
  }

  function draggablePoints(form, output) {
    var drag = null; // {index, frame, pointerId, clientX, clientY, frameRequested}

    function follow() {
      if (!drag) return; // released before this frame came
      drag.frameRequested = false;
      var svg = movableFigure(form, output);
      var at = svg && toData(svg, drag.frame, drag.clientX, drag.clientY);
      if (!at) return;
      movePoint(form, output, drag.index, {
        x: tidy(at.x, drag.frame.x1 - drag.frame.x0),
        y: tidy(at.y, drag.frame.y1 - drag.frame.y0),
      });
    }

    function onMove(event) {
      if (!drag || event.pointerId !== drag.pointerId) return;
      drag.clientX = event.clientX;
      drag.clientY = event.clientY;
      if (!drag.frameRequested) { // one move per frame; the request is throttled as well
        drag.frameRequested = true;
        requestAnimationFrame(follow);
      }
    }

    function onEnd(event) {
      if (!drag || event.pointerId !== drag.pointerId) return;
      if (drag.frameRequested) follow(); // the last move, before its frame comes
      drag = null;
      output.classList.remove("is-dragging");
      follows(false);
    }

    // On the document, not the handle: the server's answer replaces the handle mid-drag.
    function follows(on) {
      var method = on ? "addEventListener" : "removeEventListener";
      document[method]("pointermove", onMove);
      document[method]("pointerup", onEnd);
      document[method]("pointercancel", onEnd);
    }

    output.addEventListener("pointerdown", function (event) {
      var handle = event.target.closest && event.target.closest(".handle[tabindex]");
      var svg = handle && movableFigure(form, output);
      if (!svg || drag || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.preventDefault(); // no text selection or native drag while moving a point
      handle.focus({ preventScroll: true });
      var index = handle.getAttribute("data-index");
      drag = { index: index, frame: frameOf(svg), pointerId: event.pointerId, frameRequested: false };
      output.classList.add("is-dragging");
      follows(true);
    });
    // A finger on a point moves the point, not the page (touch-action in app.css as well).
    output.addEventListener("touchstart", function (event) {
      if (event.target.closest && event.target.closest(".is-draggable .handle")) event.preventDefault();
    }, { passive: false });
    output.addEventListener("keydown", function (event) { onKey(form, output, event); });
    output.addEventListener("mathforai:updated", function () { upgradeHandles(form, output); });
    upgradeHandles(form, output);
  }

  // The point that has focus in a widget's output, kept across the output's replacement.
  function heldPoint(output) {
    var active = document.activeElement;
    if (!active || !output.contains(active) || !active.classList.contains("handle")) return null;
    return active.getAttribute("data-index");
  }

  function focusPoint(output, index) {
    var handle = output.querySelector('.handle[tabindex][data-index="' + index + '"]');
    if (handle) handle.focus({ preventScroll: true });
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
