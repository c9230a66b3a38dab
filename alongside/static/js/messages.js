// Live delivery for a conversation page. Progressive enhancement only: without this file (or
// without WebSockets) the form posts and the page reloads with every message.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-conversation]");
  if (!box || !("WebSocket" in window)) return;
  const list = box.querySelector("[data-messages]");
  const form = document.querySelector("[data-message-form]");
  const field = form ? form.querySelector("textarea[name=body]") : null;
  const liveError = form ? form.querySelector("[data-live-error]") : null;
  const me = Number(box.dataset.me);
  const seen = new Set([...list.querySelectorAll("[data-id]")].map((li) => Number(li.dataset.id)));
  let socket = null;
  let wait = 1000;
  let opened = false;

  // dateStyle cannot be combined with timeZoneName, so the parts are named one by one.
  const when = (iso) => new Date(iso).toLocaleString([], {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });

  const show = (m) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    const mine = m.sender_id === me;
    const item = document.createElement("li");
    item.className = `message ${mine ? "mine" : "theirs"}`;
    item.dataset.id = m.id;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = mine ? box.dataset.you : m.sender;
    const text = document.createElement("p");
    text.textContent = m.body;
    const time = document.createElement("time");
    time.dateTime = m.created_at;
    time.textContent = when(m.created_at);
    item.append(who, text, time);
    list.append(item);
    const empty = box.querySelector("[data-empty]");
    if (empty) empty.remove();
  };

  const release = () => {
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = false; b.removeAttribute("aria-disabled"); });
  };

  const say = (message) => {
    if (!liveError) return;
    liveError.textContent = message || "";
    liveError.hidden = !message;
  };

  // After a reconnect, fetch what arrived while the socket was down.
  const catchUp = () => {
    fetch(box.dataset.history, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => { if (data) data.messages.forEach(show); })
      .catch(() => {});
  };

  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}${box.dataset.socket}`);
    socket.addEventListener("open", () => {
      wait = 1000;
      box.dataset.live = "on";
      if (opened) catchUp();
      opened = true;
    });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      if (data.kind === "message") show(data);
      else if (data.kind === "sent") { field.value = ""; say(""); release(); field.focus(); }
      else if (data.kind === "error") { say(data.message); release(); field.focus(); }
    });
    socket.addEventListener("close", (event) => {
      box.dataset.live = "off";
      socket = null;
      if (event.code === 4404 || event.code === 4401) return;
      window.setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    });
  };
  connect();

  if (form && field) {
    form.addEventListener("submit", (event) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) return; // the form posts as usual
      event.preventDefault();
      socket.send(JSON.stringify({ type: "send", body: field.value }));
    });
  }
});
