// Polls an upload's status (templates/inventory/_upload_progress.html) and
// reloads the page when the background work has finished.
(function () {
  "use strict";
  var box = document.getElementById("upload-progress");
  if (!box) { return; }
  var rowsText = box.dataset.rowsText || "";
  // Counts in the page's language: 20,000 rather than 20000.
  var lang = document.documentElement.lang || undefined;
  function number(value) { return Number(value).toLocaleString(lang); }
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        document.getElementById("upload-progress-label").textContent = data.label + "…";
        var bar = document.getElementById("upload-progress-bar");
        var count = document.getElementById("upload-progress-count");
        if (data.total) {
          bar.style.width = Math.round(100 * data.done / data.total) + "%";
          count.textContent = number(data.done) + " / " + number(data.total) + " " + rowsText;
        } else if (data.done) {
          count.textContent = number(data.done) + " " + rowsText;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
