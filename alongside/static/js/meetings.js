// Meetings directory, progressive enhancement: "use my location" fills the hidden coordinates;
// the viewer's time zone travels with the search so times are shown in it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.meeting-search");
  if (!form) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !form.querySelector("input[name=tz]")) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = "tz"; input.value = zone;
    form.appendChild(input);
  }
  const box = form.querySelector("[data-locate]");
  if (!box || !("geolocation" in navigator)) return;
  box.hidden = false;
  const status = box.querySelector("[data-locate-status]");
  box.querySelector("[data-locate-button]").addEventListener("click", () => {
    status.textContent = box.dataset.finding || "Finding your location…";
    navigator.geolocation.getCurrentPosition((position) => {
      form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(5);
      form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(5);
      form.querySelector("input[name=near]").value = "";
      status.textContent = box.dataset.found || "Location found. Searching near you.";
      form.requestSubmit();
    }, () => {
      status.textContent = box.dataset.failed || "Your location is not available. Type a ZIP code or town instead.";
    }, { maximumAge: 600000, timeout: 15000 });
  });
});
