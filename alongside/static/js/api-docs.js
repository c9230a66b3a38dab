// The API documentation (/api/v1/docs): Swagger UI titles the page with an <h1>, then each group
// of operations with an <h3> and the schemas with an <h4>, skipping levels. Screen readers hear
// them one level apart, kept so as Swagger UI draws and redraws its parts.
(() => {
  const root = document.getElementById("swagger-ui");
  if (!root) return;
  const levels = [
    ["h3.opblock-tag", "2"],
    [".models > h4", "2"],
    [".opblock-body h4", "3"],
    [".opblock-body h5", "4"],
  ];
  const relevel = () => {
    for (const [selector, level] of levels) {
      for (const heading of root.querySelectorAll(`${selector}:not([aria-level])`)) {
        heading.setAttribute("aria-level", level);
      }
    }
  };
  new MutationObserver(relevel).observe(root, { childList: true, subtree: true });
})();
