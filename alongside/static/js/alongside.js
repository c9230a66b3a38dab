// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // A visitor's pages print times in their browser's time zone from the next page on
  // (accounts/middleware.py reads this cookie; signed-in people use their profile's zone).
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split("; ").includes(`tz=${zone}`)) {
    document.cookie = `tz=${zone}; path=/; max-age=31536000; SameSite=Lax`;
  }
  // Forms that change state ask once before acting when they carry data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Show only the grantee fields that fit the chosen kind (person, or role at an organization).
  document.querySelectorAll("[data-kind-switch]").forEach((group) => {
    const form = group.closest("form");
    const update = () => {
      const chosen = form.querySelector("input[name=grantee_kind]:checked");
      form.querySelectorAll("[data-kind]").forEach((el) => {
        el.hidden = chosen !== null && el.dataset.kind !== chosen.value;
      });
    };
    group.addEventListener("change", update);
    update();
  });
  // Stop a second submission while the first is on its way.
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.setAttribute("aria-disabled", "true"); });
      setTimeout(() => form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; }), 0);
    });
  });
  // Assessment skip logic: an item whose controlling answer is the skip value (BAM 5 when
  // item 4 is 0; 7A–7G when item 6 is 0) is hidden and left out; without JS it says "skip this".
  document.querySelectorAll("[data-skip-controller]").forEach((item) => {
    const controller = document.getElementById(item.dataset.skipController);
    if (!controller) return;
    const update = () => {
      const skipped = controller.value.trim() !== "" && Number(controller.value) === Number(item.dataset.skipValue);
      item.hidden = skipped;
      item.querySelectorAll("input, select, textarea").forEach((input) => { input.disabled = skipped; });
    };
    controller.addEventListener("input", update);
    update();
  });
});
