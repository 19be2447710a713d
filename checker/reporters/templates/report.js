"use strict";
// Filters: a finding is shown when both its category and its severity are ticked. Without
// JavaScript every finding stays visible; nothing here loads anything.
(() => {
  const boxes = Array.from(document.querySelectorAll("input[data-filter]"));
  const findings = Array.from(document.querySelectorAll("article.finding"));
  const documents = Array.from(document.querySelectorAll("section.document"));
  const shownCount = document.getElementById("shown-count");
  const noneShown = document.getElementById("none-shown");

  function update() {
    const wanted = { category: new Set(), severity: new Set() };
    for (const box of boxes) {
      if (box.checked) wanted[box.dataset.filter].add(box.value);
    }
    let shown = 0;
    for (const finding of findings) {
      const visible = wanted.category.has(finding.dataset.category) && wanted.severity.has(finding.dataset.severity);
      finding.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of documents) {
      section.hidden = !section.querySelector("article.finding:not([hidden])");
    }
    shownCount.textContent = String(shown);
    noneShown.hidden = shown > 0 || findings.length === 0;
  }

  for (const box of boxes) box.addEventListener("change", update);
  update();
})();
