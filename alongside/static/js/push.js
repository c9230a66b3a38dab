// Web push for this device, on the notification settings page: subscribe with the server's
// VAPID key, register the subscription with the API, or remove it. One subscription per device.
(function () {
  "use strict";
  var box = document.getElementById("push-device");
  if (!box || !box.dataset.key) return;
  var status = document.getElementById("push-status");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function say(text) { status.textContent = text; }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function api(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      if (response.ok) return response;
      return response.json().then(function (answer) {
        var fields = (answer.error && answer.error.fields) || [];
        throw new Error(fields.length ? fields.map(function (f) { return f.message; }).join(" ") : answer.error.message);
      });
    });
  }

  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    say(subscribed ? "Notifications are on for this device." : "Notifications are off for this device.");
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.fetch) {
    say("This browser cannot receive push notifications. E-mail still works.");
    return;
  }

  var ready = navigator.serviceWorker.register("/service-worker.js", { scope: "/" })
    .then(function () { return navigator.serviceWorker.ready; });

  ready.then(function (registration) { return registration.pushManager.getSubscription(); })
    .then(function (subscription) { show(!!subscription); })
    .catch(function () { say("Push notifications could not start in this browser."); });

  on.addEventListener("click", function () {
    say("Asking your browser…");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("Your browser did not allow notifications. You can allow them in its site settings.");
      return ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key) });
    }).then(function (subscription) {
      var body = subscription.toJSON();
      body.device = navigator.userAgentData && navigator.userAgentData.platform ? navigator.userAgentData.platform : (navigator.platform || "");
      return api("POST", box.dataset.api, body);
    }).then(function () { show(true); })
      .catch(function (error) { say(error.message); });
  });

  off.addEventListener("click", function () {
    ready.then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) return null;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return api("DELETE", box.dataset.api + "?endpoint=" + encodeURIComponent(endpoint));
        });
      }).then(function () { show(false); })
      .catch(function (error) { say(error.message); });
  });
})();
