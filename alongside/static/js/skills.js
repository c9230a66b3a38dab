// Skills for hard moments: paced breathing, grounding, HALT, the tape forward and coping cards,
// all in this page, with no connection needed once it has loaded. A finished skill the member
// chose to keep is queued in localStorage and sent to the API; the queue is sent again when the
// phone is back online, and the server keeps each use once by its client id, so a resend never
// doubles. The page registers the service worker, which keeps this page and its files for
// offline use (static/js/service-worker.js).
(function () {
  "use strict";
  var root = document.querySelector("[data-skills]");
  if (!root) return;
  var QUEUE = "alongside.skill-uses";
  var CACHE = "alongside-skills-v1";
  var member = root.dataset.member;
  var status = root.querySelector("[data-skills-status]");
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]");
  // Everything this script writes for a person to read comes translated from the page's data-
  // attributes (the status words here, the button words on the buttons themselves).
  var words = status.dataset;

  function say(text) { status.textContent = text; }

  // What is written out for a browser without JavaScript; here the skills guide step by step.
  root.querySelectorAll("[data-without-js]").forEach(function (el) { el.hidden = true; });

  // ---- The offline queue -------------------------------------------------------------------
  function queued() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function keep(items) {
    try { window.localStorage.setItem(QUEUE, JSON.stringify(items)); } catch (e) { /* private mode: sent now or not at all */ }
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var sending = false;
  function send() {
    // Only this member's uses: another person signed in on this phone never sends them.
    var mine = queued().filter(function (item) { return item.member === member; });
    if (sending || !mine.length || navigator.onLine === false) return Promise.resolve();
    sending = true;
    var item = mine[0];
    return fetch(root.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(item.use),
    }).then(function (response) {
      sending = false;
      if (response.ok || response.status === 422) {
        // Kept (or refused for good: a resend would be refused again).
        keep(queued().filter(function (other) { return other.use.client_id !== item.use.client_id; }));
        say(response.ok ? words.added : words.refused);
        return send();
      }
      say(words.keptUntilSignedIn);
      return null;
    }).catch(function () {
      sending = false;
      say(words.keptUntilOnline);
    });
  }

  function finished(skill, form) {
    var keepIt = form.querySelector("input[type=checkbox]").checked;
    var rating = form.querySelector("input[type=radio]:checked");
    form.hidden = true;
    if (!keepIt) { say(words.notKept); return; }
    var items = queued();
    items.push({
      member: member,
      use: {
        client_id: newId(),
        skill: skill,
        helped: rating ? Number(rating.value) : null,
        used_at: new Date().toISOString(),
      },
    });
    keep(items);
    if (navigator.onLine === false) {
      say(words.keptUntilOnline);
    } else {
      send();
    }
  }

  function offerFinish(box) {
    var form = box.querySelector("[data-skill-finish-form]");
    if (!form) return;
    form.hidden = false;
    form.querySelector("[data-skill-finish-heading]").focus();
  }

  root.querySelectorAll("[data-skill-finish-form]").forEach(function (form) {
    // Shown from the start without JavaScript (the browser posts it); here it waits until the
    // skill is done, unless the server sent it back with an error to fix.
    if (!form.querySelector(".error")) form.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      finished(form.dataset.skill, form);
    });
  });
  root.querySelectorAll("[data-skill-box]").forEach(function (box) {
    box.querySelectorAll("[data-skill-done]").forEach(function (button) {
      if (box.dataset.skillBox === "tape_forward") button.hidden = false;
      button.addEventListener("click", function () {
        if (box.dataset.skillBox === "breathing") stopBreathing();
        offerFinish(box);
      });
    });
  });

  // ---- Paced breathing: in 4, hold 4, out 6, four times (under a minute) -------------------
  var breathing = root.querySelector("[data-skill-box=breathing]");
  var guide = breathing.querySelector("[data-breath-guide]");
  var circle = breathing.querySelector("[data-breath-circle]");
  var cue = breathing.querySelector("[data-breath-cue]");
  var count = breathing.querySelector("[data-breath-count]");
  var startBreath = breathing.querySelector("[data-breath-start]");
  var doneBreath = breathing.querySelector("[data-skill-done]");
  // The cues come translated from the page.
  var PHASES = [["in", cue.dataset.cueIn, 4], ["hold", cue.dataset.cueHold, 4], ["out", cue.dataset.cueOut, 6]];
  var ROUNDS = 4;
  var timer = null;
  guide.hidden = false;

  function stopBreathing() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    circle.className = "breath-circle";
    count.textContent = "";
    startBreath.disabled = false;
  }
  function phase(round, index, left) {
    var step = PHASES[index];
    if (left === step[2]) {
      circle.className = "breath-circle breath-" + step[0];
      cue.textContent = step[1];  // announced politely, once a phase
    }
    count.textContent = String(left);
    timer = window.setTimeout(function () {
      if (left > 1) return phase(round, index, left - 1);
      if (index + 1 < PHASES.length) return phase(round, index + 1, PHASES[index + 1][2]);
      if (round + 1 < ROUNDS) return phase(round + 1, 0, PHASES[0][2]);
      stopBreathing();
      cue.textContent = cue.dataset.cueEnd;
      offerFinish(breathing);
    }, 1000);
  }
  startBreath.addEventListener("click", function () {
    stopBreathing();
    startBreath.disabled = true;
    doneBreath.hidden = false;
    phase(0, 0, PHASES[0][2]);
  });

  // ---- 5-4-3-2-1 grounding: one sense at a time -----------------------------------------------
  var grounding = root.querySelector("[data-skill-box=grounding]");
  var steps = grounding.querySelectorAll("[data-grounding-steps] > li");
  var groundStart = grounding.querySelector("[data-grounding-start]");
  var groundNext = grounding.querySelector("[data-grounding-next]");
  var at = -1;
  grounding.querySelector("[data-grounding-controls]").hidden = false;
  function showStep(n) {
    at = n;
    steps.forEach(function (li, i) { li.hidden = i !== n; });
    groundNext.textContent = n === steps.length - 1 ? groundNext.dataset.last : groundNext.dataset.next;
    steps[n].focus();
  }
  groundStart.addEventListener("click", function () {
    groundStart.hidden = true;
    groundNext.hidden = false;
    showStep(0);
  });
  groundNext.addEventListener("click", function () {
    if (at + 1 < steps.length) { showStep(at + 1); return; }
    steps.forEach(function (li) { li.hidden = false; });
    groundNext.hidden = true;
    groundStart.hidden = false;
    groundStart.textContent = groundStart.dataset.again;
    offerFinish(grounding);
  });

  // ---- HALT: the strongest need, and one small action ---------------------------------------
  var halt = root.querySelector("[data-skill-box=halt]");
  halt.querySelectorAll("[data-halt-choice]").forEach(function (choice) {
    choice.addEventListener("change", function () {
      halt.querySelectorAll("[data-halt-action]").forEach(function (p) {
        p.hidden = p.dataset.haltAction !== choice.value;
      });
      halt.querySelector("[data-skill-done]").hidden = false;
    });
  });

  // ---- Coping cards: one at a time, front first ---------------------------------------------
  var deck = root.querySelector("[data-coping-cards]");
  if (deck) {
    var cards = deck.querySelectorAll(".coping-card");
    var controls = root.querySelector("[data-card-controls]");
    var flip = controls.querySelector("[data-card-flip]");
    var shown = 0;
    function showCard(n, back) {
      shown = n;
      cards.forEach(function (card, i) {
        card.hidden = i !== n;
        card.querySelector("[data-card-back]").hidden = !back;
      });
      flip.textContent = back ? flip.dataset.back : flip.dataset.over;
      flip.setAttribute("aria-pressed", back ? "true" : "false");
    }
    controls.hidden = false;
    deck.classList.add("is-deck");
    showCard(0, false);
    flip.addEventListener("click", function () {
      showCard(shown, cards[shown].querySelector("[data-card-back]").hidden);
      cards[shown].focus();
    });
    controls.querySelector("[data-card-next]").addEventListener("click", function () {
      showCard((shown + 1) % cards.length, false);
      cards[shown].focus();
    });
  }

  // ---- Offline: keep this page and its files, send the queue when back online ---------------
  window.addEventListener("online", function () { send(); });
  window.addEventListener("offline", function () { say(words.offline); });
  send();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).then(function () {
      // This first visit came before the worker: store the page and its files now. Later
      // visits are stored by the worker itself, network first.
      if (!window.caches || navigator.serviceWorker.controller) return null;
      var files = [window.location.pathname];
      document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]").forEach(function (el) {
        var url = new URL(el.src || el.href, window.location.href);
        if (url.origin === window.location.origin) files.push(url.pathname);
      });
      return window.caches.open(CACHE).then(function (cache) { return cache.addAll(files); });
    }).catch(function () { /* the page still works; it just will not open offline */ });
  }
})();
