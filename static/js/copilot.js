/* Copilot: the panel on every page asks without leaving the page; answers'
   charts are drawn from their json_script data (no inline script: CSP-ready). */
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    root.querySelectorAll("[data-copilot-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-copilot-chart"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(box, figure.data, figure.layout,
                            {displaylogo: false, responsive: true});
    });
  }

  function wirePanel(form) {
    var result = document.querySelector("[data-copilot-result]");
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[name=q]");
      if (!input.value.trim() || !window.fetch) { return; }
      event.preventDefault();
      result.textContent = "…";
      var url = form.getAttribute("data-answer-url") + "?q=" +
        encodeURIComponent(input.value.trim());
      window.fetch(url, {credentials: "same-origin",
                         headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (data) { result.innerHTML = data.html || ""; })
        .catch(function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    document.querySelectorAll("[data-copilot-form]").forEach(wirePanel);
  });
}());
