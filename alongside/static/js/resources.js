// The library and the services directory, progressive enhancement.
// - "Use my location" fills the directory search's hidden coordinates and searches near them.
// - Reading offline: the service worker keeps library and directory pages once read (network
//   first, the kept copy only when the network fails). This first visit may come before the
//   worker controls the page, so the page and its files are stored here that once.
(function () {
  "use strict";
  var CACHE = "alongside-library-v1";

  var form = document.querySelector("form.service-search");
  var box = form && form.querySelector("[data-locate]");
  if (box && "geolocation" in navigator) {
    box.hidden = false;
    var status = box.querySelector("[data-locate-status]");
    box.querySelector("[data-locate-button]").addEventListener("click", function () {
      status.textContent = box.dataset.finding;
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(5);
        form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(5);
        form.querySelector("input[name=near]").value = "";
        status.textContent = box.dataset.found;
        form.requestSubmit();
      }, function () {
        status.textContent = box.dataset.failed;
      }, { maximumAge: 600000, timeout: 15000 });
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).then(function () {
      if (!window.caches || navigator.serviceWorker.controller) return null;
      var files = [window.location.pathname + window.location.search];
      document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]").forEach(function (el) {
        var url = new URL(el.src || el.href, window.location.href);
        if (url.origin === window.location.origin) files.push(url.pathname);
      });
      return window.caches.open(CACHE).then(function (cache) { return cache.addAll(files); });
    }).catch(function () { /* the page still works; it just will not open offline */ });
  }
})();
