// Alongside's service worker, served from /service-worker.js so its scope is the whole site.
// It shows a push notification (only a title and a link: details stay in the app) and opens the
// link on click. The tag is the delivery's key, so a message that arrives twice shows once.
//
// It also keeps "Skills for hard moments" working offline: that page (whose only personal data
// is the member's own coping cards) and the static files it loads are fetched from the network
// first and stored, and served from the store only when the network fails. The library and the
// services directory are kept the same way, in a store of their own: each article, search and
// service page once read (public pages; a writer's drafts too), and the files they load.
// Nothing else is ever stored: every other request goes to the network as if there were no
// worker. Signing out, or the skills page answering with a redirect to sign in, empties the
// stores.
"use strict";

var SKILLS_CACHE = "alongside-skills-v1";
var SKILLS_PAGE = "/journey/skills/";
var LIBRARY_CACHE = "alongside-library-v1";
var CACHES = [SKILLS_CACHE, LIBRARY_CACHE];

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    // Stores of earlier versions of this worker go.
    return Promise.all(names.filter(function (name) {
      var ours = name.indexOf("alongside-skills-") === 0 || name.indexOf("alongside-library-") === 0;
      return ours && CACHES.indexOf(name) === -1;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function isSkillsFile(request, url) {
  if (url.pathname === SKILLS_PAGE) return true;
  // Static files, only those the skills page asks for (no other page's files pile up here).
  if (url.pathname.indexOf("/static/") !== 0 || !request.referrer) return false;
  return new URL(request.referrer).pathname === SKILLS_PAGE;
}

// Library and directory pages to read (not the pages that write, which need a connection).
function isLibraryPage(pathname) {
  if (pathname.indexOf("/resources/library/") !== 0 && pathname.indexOf("/resources/services/") !== 0) {
    return false;
  }
  return !/\/(new|edit|import)\/$/.test(pathname);
}

function isLibraryFile(request, url) {
  if (isLibraryPage(url.pathname)) return true;
  if (url.pathname.indexOf("/static/") !== 0 || !request.referrer) return false;
  return isLibraryPage(new URL(request.referrer).pathname);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/accounts/logout/") {
    // The member's cards (and a writer's drafts) must not outlive their session on this device.
    event.waitUntil(Promise.all(CACHES.map(function (name) { return caches.delete(name); })));
    return;
  }
  if (request.method !== "GET") return;
  if (isLibraryFile(request, url)) {
    // A page is kept by its address with its search; files by their request.
    var page = isLibraryPage(url.pathname) ? url.pathname + url.search : request;
    event.respondWith(networkFirst(event, request, page, LIBRARY_CACHE));
    return;
  }
  if (!isSkillsFile(request, url)) return;
  var key = url.pathname === SKILLS_PAGE ? SKILLS_PAGE : request;
  event.respondWith(fetch(request).then(function (response) {
    if (url.pathname === SKILLS_PAGE && response.redirected) {
      // Signed out (sent to the sign-in page): forget the cards kept for the last person.
      event.waitUntil(caches.delete(SKILLS_CACHE));
    } else if (response.ok && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(SKILLS_CACHE).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.match(key, { cacheName: SKILLS_CACHE, ignoreVary: true }).then(function (kept) {
      return kept || Response.error();
    });
  }));
});

function networkFirst(event, request, key, name) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(name).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.match(key, { cacheName: name, ignoreVary: true }).then(function (kept) {
      return kept || Response.error();
    });
  });
}

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
