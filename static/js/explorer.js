// Explorer: changing the table refills the column menus with that table's
// whitelisted columns (data from {{ columns_by_table|json_script:"explorer-columns" }}).
(function () {
  "use strict";
  const form = document.getElementById("explorer-form");
  const source = document.getElementById("explorer-columns");
  if (!form || !source) { return; }
  const columns = JSON.parse(source.textContent);
  form.querySelector("[name=table]").addEventListener("change", function () {
    const choices = columns[this.value] || [];
    form.querySelectorAll("select[data-columns]").forEach(function (select) {
      const numericOnly = select.dataset.columns === "numeric";
      const keepBlank = select.options.length && select.options[0].value === "";
      select.innerHTML = keepBlank ? '<option value="">—</option>' : "";
      choices.forEach(function (c) {
        if (!numericOnly || c[2]) { select.add(new Option(c[1], c[0])); }
      });
    });
  });
})();
