// The live room page: waiting room, people, raised hands, share timer, chat and, when the
// operator runs one, the video engine's frame. Everything arrives over the room's WebSocket;
// the server's state is the truth, and this script only draws it.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-room]");
  if (!box || !("WebSocket" in window)) return;
  const t = (key) => box.dataset[`t${key.charAt(0).toUpperCase()}${key.slice(1)}`] || "";
  const $ = (selector) => box.querySelector(selector);
  const announce = $("[data-announce]");
  const connection = $("[data-connection]");
  const refused = $("[data-refused]");
  const waitingYou = $("[data-waiting-you]");
  const inside = $("[data-inside]");
  const peopleList = $("[data-people]");
  const waitingList = $("[data-waiting]");
  const handsList = $("[data-hands]");
  const speakerLine = $("[data-speaker]");
  const handButton = $("[data-hand]");
  const timerLine = $("[data-timer]");
  const chatList = $("[data-chat]");
  const chatForm = $("[data-chat-form]");
  const chatField = chatForm.querySelector("textarea");
  const chatError = $("[data-chat-error]");
  let socket = null;
  let wait = 1000;
  let me = null;
  let people = new Map();
  let hands = [];
  let timer = null;
  let clockSkew = 0; // server time minus this device's time, in milliseconds
  let stopped = false;
  const shownChat = new Set();

  const say = (text) => {
    // Cleared first so the same words said twice are announced twice.
    announce.textContent = "";
    window.setTimeout(() => { announce.textContent = text; }, 50);
  };
  const send = (message) => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const button = (label, onClick, secondary) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (secondary) b.className = "secondary";
    b.addEventListener("click", onClick);
    return b;
  };
  const item = (name, extra) => {
    const li = document.createElement("li");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = extra ? `${name} (${extra})` : name;
    li.append(who);
    return li;
  };

  const drawPeople = () => {
    peopleList.replaceChildren();
    [...people.values()].filter((p) => p.present).forEach((p) => {
      const notes = [];
      if (me && p.id === me.id) notes.push(t("you"));
      if (p.is_host) notes.push(t("host"));
      if (p.muted) notes.push(t("muted"));
      const li = item(p.name, notes.join(", "));
      if (me && me.is_host && !p.is_host) {
        li.append(button(p.muted ? t("unmute") : t("mute"), () => send({ type: "mute", id: p.id, muted: !p.muted }), true));
        li.append(button(t("remove"), () => { if (window.confirm(t("confirmRemove"))) send({ type: "remove", id: p.id }); }, true));
      }
      peopleList.append(li);
    });
  };

  const drawWaiting = (waiting) => {
    waitingList.replaceChildren();
    if (!waiting.length) {
      waitingList.append(item(t("nobodyWaiting")));
      return;
    }
    waiting.forEach((p) => {
      const li = item(p.name);
      li.append(button(t("admit"), () => send({ type: "admit", id: p.id })));
      li.append(button(t("remove"), () => { if (window.confirm(t("confirmRemove"))) send({ type: "remove", id: p.id }); }, true));
      waitingList.append(li);
    });
  };

  const drawHands = (data) => {
    const before = new Set(hands.map((h) => h.id));
    hands = data.hands;
    handsList.replaceChildren();
    if (!hands.length) handsList.append(item(t("noHands")));
    hands.forEach((h) => handsList.append(item(h.name, me && h.id === me.id ? t("you") : "")));
    const raised = me && hands.some((h) => h.id === me.id);
    handButton.textContent = raised ? t("lower") : t("raise");
    handButton.setAttribute("aria-pressed", raised ? "true" : "false");
    speakerLine.textContent = data.speaker ? `${data.speaker.name} ${t("speaking")}` : "";
    hands.filter((h) => !before.has(h.id)).forEach((h) => say(`${h.name} ${t("raised")}`));
  };

  const drawTimer = () => {
    if (!timer) {
      timerLine.textContent = t("noTimer");
      return;
    }
    const left = Math.max(0, new Date(timer.ends_at).getTime() - (Date.now() + clockSkew));
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    const clock = `${minutes}:${String(seconds).padStart(2, "0")}`;
    const who = timer.speaker ? `${timer.speaker}: ` : "";
    timerLine.textContent = left > 0 ? `${who}${clock} ${t("remaining")}` : `${who}${t("timeUp")}`;
    timerLine.dataset.remaining = String(Math.round(left / 1000));
  };
  window.setInterval(drawTimer, 1000);

  const showChat = (m) => {
    if (shownChat.has(m.id)) return;
    shownChat.add(m.id);
    const li = document.createElement("li");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = me && m.from === me.id ? `${m.name} (${t("you")})` : m.name;
    const text = document.createElement("span");
    text.textContent = m.body;
    li.append(who, text);
    chatList.append(li);
    chatList.scrollTop = chatList.scrollHeight;
  };

  const showYou = () => {
    const admitted = me.status === "admitted";
    waitingYou.hidden = admitted;
    inside.hidden = !admitted;
    box.querySelectorAll("[data-host-only]").forEach((el) => { el.hidden = !me.is_host; });
    chatField.disabled = me.muted;
    chatForm.querySelector("button[type=submit]").disabled = me.muted;
  };

  const takeState = (data) => {
    me = data.you;
    clockSkew = new Date(data.server_now).getTime() - Date.now();
    people = new Map(data.people.map((p) => [p.id, p]));
    showYou();
    drawPeople();
    drawWaiting(data.waiting || []);
    hands = data.hands;
    drawHands({ hands: data.hands, speaker: data.speaker });
    timer = data.timer;
    drawTimer();
    data.chat.forEach(showChat);
    box.dataset.status = me.status;
  };

  const handle = (data) => {
    if (data.kind === "state") takeState(data);
    else if (data.kind === "person") {
      const known = people.get(data.person.id);
      people.set(data.person.id, data.person);
      drawPeople();
      if (data.person.present && !(known && known.present) && me && data.person.id !== me.id) say(`${data.person.name} ${t("joined")}`);
      if (!data.person.present && known && known.present) say(`${data.person.name} ${t("left")}`);
    } else if (data.kind === "waiting") {
      drawWaiting(data.waiting);
      if (data.waiting.length) say(t("waitingNow"));
    } else if (data.kind === "hands") drawHands(data);
    else if (data.kind === "timer") {
      timer = data.timer;
      drawTimer();
      if (timer) say(`${t("timerStarted")}: ${timer.minutes} ${t("minutes")}`);
    } else if (data.kind === "chat") showChat(data.message);
    else if (data.kind === "you") {
      const wasMuted = me && me.muted;
      me = data.you;
      showYou();
      if (me.muted && !wasMuted) say(t("mutedYou"));
      if (!me.muted && wasMuted) say(t("unmutedYou"));
    } else if (data.kind === "sent") {
      chatField.value = "";
      chatError.hidden = true;
    } else if (data.kind === "error") {
      chatError.textContent = data.message;
      chatError.hidden = false;
    } else if (data.kind === "refused") {
      stopped = true;
      refused.textContent = data.message;
      refused.hidden = false;
      inside.hidden = true;
      waitingYou.hidden = true;
      box.dataset.status = data.reason;
    }
  };

  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}${box.dataset.socket}`);
    socket.addEventListener("open", () => { wait = 1000; connection.hidden = true; });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      const wasWaiting = me && me.status === "waiting";
      handle(data);
      if (wasWaiting && data.kind === "state" && data.you.status === "admitted") say(t("admitted"));
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      if (stopped || [4401, 4403, 4404, 4408, 4410].includes(event.code)) return;
      connection.textContent = t("offline");
      connection.hidden = false;
      window.setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    });
  };
  connect();

  handButton.addEventListener("click", () => {
    const raised = me && hands.some((h) => h.id === me.id);
    send({ type: "hand", up: !raised });
  });
  const next = $("[data-next]");
  if (next) next.addEventListener("click", () => send({ type: "next" }));
  const timerForm = $("[data-timer-form]");
  if (timerForm) {
    timerForm.addEventListener("submit", (event) => {
      event.preventDefault();
      send({ type: "timer", minutes: Number(timerForm.elements.minutes.value) });
    });
    timerForm.querySelector("[data-timer-stop]").addEventListener("click", () => send({ type: "timer_stop" }));
  }
  chatForm.addEventListener("submit", (event) => {
    event.preventDefault();
    send({ type: "chat", body: chatField.value });
  });
  chatField.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      chatForm.requestSubmit();
    }
  });

  // Video: a token for this person and room from the API, then the operator's engine in a frame.
  const videoButton = $("[data-video-join]");
  if (videoButton && box.dataset.engine) {
    videoButton.addEventListener("click", () => {
      const csrf = document.querySelector("[name=csrfmiddlewaretoken]");
      fetch(box.dataset.tokenUrl, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" } })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((data) => {
          const frame = document.createElement("iframe");
          frame.src = data.embed_url;
          frame.title = $("[data-video-frame]").dataset.title;
          frame.allow = "camera; microphone; display-capture; autoplay; fullscreen";
          $("[data-video-frame]").replaceChildren(frame);
          videoButton.hidden = true;
        })
        .catch(() => { $("[data-video-error]").hidden = false; });
    });
  }
});
