// Alongside's service worker, served from /service-worker.js so its scope is the whole site.
// It shows a push notification (only a title and a link: details stay in the app) and opens the
// link on click. The tag is the delivery's key, so a message that arrives twice shows once.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = data.title || "Alongside";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.urgent ? "Urgent · open Alongside" : "Open Alongside",
    tag: data.tag || undefined,
    renotify: !!data.urgent,
    requireInteraction: !!data.urgent,
    data: { url: data.url || "/notifications/" },
    icon: "/static/img/favicon.svg",
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL(event.notification.data && event.notification.data.url || "/notifications/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/notifications/", self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === target.href && "focus" in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(target.href);
  }));
});
