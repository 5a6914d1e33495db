// Page behaviour hooked by data- attributes (no inline handlers: the
// Content-Security-Policy forbids them). Loaded with defer on every page.
(function () {
  "use strict";
  // <select data-autosubmit [data-clear-field="name"]>: submit its form on change,
  // first emptying the named field of that form.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var clear = select.dataset.clearField;
      if (clear && select.form.elements[clear]) { select.form.elements[clear].value = ""; }
      select.form.submit();
    });
  });
  // <form data-confirm="question">: ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
  // <input data-select-on-click>: select the whole value (copyable links).
  document.querySelectorAll("[data-select-on-click]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
  });
})();
