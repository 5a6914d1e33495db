/* Copilot: the panel on every page asks without leaving the page; answers'
   charts are drawn from their json_script data (no inline script: CSP-ready). */
(function () {
  "use strict";

  // Drawn by static/js/charts.js like every other chart (the page's locale,
  // Korean date ticks); the copilot page loads it with plotly.js.
  function drawCharts(root) {
    if (!window.Plotly || !window.SmartStockCharts) { return; }
    root.querySelectorAll("[data-copilot-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-copilot-chart"));
      if (!source) { return; }
      window.SmartStockCharts.plot(box, JSON.parse(source.textContent));
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
