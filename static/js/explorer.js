// Data explorer: changing the table refills the column menus with that table's
// whitelisted columns (from the json_script block "explorer-columns").
(function () {
  "use strict";
  var form = document.getElementById("explorer-form");
  var source = document.getElementById("explorer-columns");
  if (!form || !source) { return; }
  var columns = JSON.parse(source.textContent);
  form.querySelector("[name=table]").addEventListener("change", function () {
    var choices = columns[this.value] || [];
    form.querySelectorAll("select[data-columns]").forEach(function (select) {
      var numericOnly = select.dataset.columns === "numeric";
      var keepBlank = select.options.length && select.options[0].value === "";
      select.innerHTML = keepBlank ? '<option value="">—</option>' : "";
      choices.forEach(function (c) {
        if (!numericOnly || c[2]) { select.add(new Option(c[1], c[0])); }
      });
    });
  });
})();
