// The menu button of the site navigation on narrow screens. Loaded right after the navigation
// (not deferred), so a phone never shows the full menu before it folds away. Without this file
// the button stays hidden and the navigation stays open: every link is still there.
(() => {
  const button = document.querySelector(".menu-toggle");
  const nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  const narrow = window.matchMedia("(max-width: 47.99rem)");
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-folded", !open);
  };
  button.hidden = false;
  setOpen(!narrow.matches);
  narrow.addEventListener("change", () => setOpen(!narrow.matches));
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !narrow.matches || button.getAttribute("aria-expanded") !== "true") return;
    if (!nav.contains(document.activeElement) && document.activeElement !== button) return;
    setOpen(false);
    button.focus();
  });
})();
