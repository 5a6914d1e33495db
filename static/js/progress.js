// Progress of background work: <div data-progress-url="…"> polls the JSON
// {finished, label} every 1.5 s, shows the label in [data-progress-label] and
// reloads the page once the work has finished (its result is then shown).
(function () {
  "use strict";
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    const label = box.querySelector("[data-progress-label]");
    function poll() {
      fetch(box.dataset.progressUrl, {credentials: "same-origin",
                                      headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.finished) { window.location.reload(); return; }
          if (label && data.label) { label.textContent = data.label + "…"; }
          window.setTimeout(poll, 1500);
        })
        .catch(function () { window.setTimeout(poll, 4000); });
    }
    window.setTimeout(poll, 800);
  });
})();
