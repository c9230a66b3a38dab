// Journey pages, progressive enhancement only: without this file the minutes are typed in by
// hand and the safety plan is printed from the browser's menu.
document.addEventListener("DOMContentLoaded", () => {
  // A meditation / urge-surfing timer that fills the form's minutes field when stopped.
  document.querySelectorAll("[data-timer]").forEach((box) => {
    const display = box.querySelector("[data-timer-display]");
    const start = box.querySelector("[data-timer-start]");
    const stop = box.querySelector("[data-timer-stop]");
    const minutes = document.querySelector("input[data-timer-minutes]");
    let startedAt = null;
    let tick = null;
    const show = (ms) => {
      const total = Math.floor(ms / 1000);
      display.textContent = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
    };
    start.addEventListener("click", () => {
      startedAt = Date.now();
      show(0);
      tick = setInterval(() => show(Date.now() - startedAt), 1000);
      start.disabled = true;
      stop.disabled = false;
      stop.focus();
    });
    stop.addEventListener("click", () => {
      if (startedAt === null) return;
      clearInterval(tick);
      const elapsed = Date.now() - startedAt;
      show(elapsed);
      if (minutes) minutes.value = Math.max(1, Math.round(elapsed / 60000));
      startedAt = null;
      start.disabled = false;
      stop.disabled = true;
      if (minutes) minutes.focus();
    });
    box.hidden = false;
  });
  // "Print" on the safety plan.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
