// Draws every <div data-plotly-figure="{data, layout, config}"> (smartstock/charts.py)
// with the vendored plotly.js, in the page's language (<html lang>): Korean month
// and day names and number separators come from the locale registered below.
(function () {
  "use strict";
  var KO = {
    moduleType: "locale",
    name: "ko",
    dictionary: {
      "Download plot as a png": "PNG로 내려받기",
      "Zoom": "확대", "Pan": "이동", "Zoom in": "확대", "Zoom out": "축소",
      "Reset axes": "축 초기화", "Autoscale": "자동 배율",
      "Toggle Spike Lines": "스파이크 선", "Show closest data on hover": "가까운 값",
      "Compare data on hover": "값 비교", "Double-click to zoom back out": "두 번 눌러 원래대로"
    },
    format: {
      days: ["일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"],
      shortDays: ["일", "월", "화", "수", "목", "금", "토"],
      months: ["1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월",
               "11월", "12월"],
      shortMonths: ["1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월",
                    "10월", "11월", "12월"],
      date: "%Y-%m-%d",
      year: "%Y년",
      month: "%Y년 %-m월",
      dayMonth: "%-m월 %-d일",
      dayMonthYear: "%Y년 %-m월 %-d일"
    }
  };

  function language() {
    var lang = (document.documentElement.lang || "ko").toLowerCase();
    return lang.indexOf("ko") === 0 ? "ko" : "en";
  }

  // Every chart of the app is drawn here (the copilot's too): Plotly gets the
  // page's locale, and Korean date axes read "9월 6일" / "2026년 9월".
  function plot(element, figure) {
    var config = Object.assign({}, figure.config || {}, {locale: language()});
    var layout = figure.layout || {};
    if (language() === "ko") {
      ["xaxis", "xaxis2"].forEach(function (axis) {
        if (layout[axis] && layout[axis].type === "date" && !layout[axis].tickformat) {
          layout[axis].tickformatstops = [
            {dtickrange: [null, 86400000 * 27], value: "%-m월 %-d일"},
            {dtickrange: [86400000 * 27, null], value: "%Y년 %-m월"}
          ];
        }
      });
    }
    return window.Plotly.newPlot(element, figure.data || [], layout, config);
  }

  function draw(element) {
    if (element.dataset.drawn || !window.Plotly) { return; }
    var figure = JSON.parse(element.dataset.plotlyFigure);
    element.dataset.drawn = "1";
    plot(element, figure);
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-plotly-figure]").forEach(draw);
  }

  if (window.Plotly) { window.Plotly.register(KO); }
  window.SmartStockCharts = {drawAll: drawAll, plot: plot};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
  // Charts inside a <details> that opens get their real width.
  document.addEventListener("toggle", function (event) {
    if (!event.target.open || !window.Plotly) { return; }
    event.target.querySelectorAll("[data-plotly-figure]").forEach(function (el) {
      window.Plotly.Plots.resize(el);
    });
  }, true);
  // Charts inside a collapsed section (a "details" toggle) are drawn when opened.
  document.addEventListener("shown.bs.collapse", function (event) {
    event.target.querySelectorAll("[data-plotly-figure]").forEach(function (el) {
      if (window.Plotly && el.dataset.drawn) { window.Plotly.Plots.resize(el); }
      else { draw(el); }
    });
  });
})();
