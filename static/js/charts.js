// Draws every Plotly figure the server embedded as JSON (inventory/chart_embed.py).
// Loaded on every page; does nothing where there is no chart or no plotly.js.
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-plotly-figure]").forEach(function (box) {
      var source = document.getElementById(box.dataset.plotlyFigure);
      if (!source || box.dataset.drawn) { return; }
      var figure = JSON.parse(source.textContent);
      box.dataset.drawn = "1";
      window.Plotly.newPlot(box, figure.data, figure.layout || {}, figure.config || {});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
