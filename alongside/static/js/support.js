// The member's SOS page, progressive enhancement: htmx already asks for news every few seconds
// (and a <noscript> refresh does without JavaScript); this listens on the person's own
// WebSocket so an answer shows the moment it is given.
document.addEventListener("DOMContentLoaded", () => {
  if (!document.querySelector("[data-sos-status]") || !("WebSocket" in window)) return;
  const refresh = () => {
    const status = document.querySelector("[data-sos-status][hx-get]");
    if (status && window.htmx) window.htmx.trigger(status, "sos-update");
  };
  let wait = 1000;
  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws/notifications/`);
    socket.addEventListener("open", () => { wait = 1000; });
    socket.addEventListener("message", (event) => {
      try {
        const payload = JSON.parse(event.data);
        if (payload && typeof payload.kind === "string" && payload.kind.startsWith("sos")) refresh();
      } catch (error) { /* not ours */ }
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4401) return; // signed out: polling stops being useful too
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    });
  };
  connect();
});
