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

  // The page's own form: the question is asked through the answer call (which
  // keeps it among the recent questions), then the page shows it (a GET that
  // writes nothing). Without JavaScript the page still answers.
  function wirePageForm(form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[name=q]");
      if (!input.value.trim() || !window.fetch || form.dataset.asked) { return; }
      event.preventDefault();
      form.dataset.asked = "1";
      var url = form.getAttribute("data-answer-url") + "?q=" +
        encodeURIComponent(input.value.trim());
      window.fetch(url, {credentials: "same-origin",
                         headers: {"Accept": "application/json"}})
        .catch(function () { return null; })
        .then(function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    document.querySelectorAll("[data-copilot-form]").forEach(wirePanel);
    document.querySelectorAll("[data-copilot-page-form]").forEach(wirePageForm);
  });
}());
