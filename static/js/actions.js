// Behaviour hooked by data- attributes (no inline handlers: CSP), on every page.
//   <form data-confirm="Question?">        asks before submitting
//   <button data-busy-text="Saving…">      disabled with that text once submitted
//   <input type="checkbox" data-select-all> ticks every checkbox of its form
//   <button data-print>                    prints the page
//   <select data-submit-on-change>         submits its form when changed
//   <input data-select-on-click>           selects its whole value (copyable links)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    const question = form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.submitted) {  // a second click while the first runs
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    const button = event.submitter || form.querySelector("[type=submit]");
    if (button) {
      window.setTimeout(function () {  // after the browser read the button's value
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        if (button.dataset.busyText) { button.textContent = button.dataset.busyText; }
      }, 0);
    }
  });
  // <select data-submit-on-change data-clear="other">: submit the form at once,
  // emptying the named fields first (a choice that makes them meaningless).
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-submit-on-change")) { return; }
    const form = field.form;
    (field.dataset.clear || "").split(/\s+/).filter(Boolean).forEach(function (name) {
      if (form.elements[name]) { form.elements[name].value = ""; }
    });
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
  document.addEventListener("change", function (event) {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-select-all")) {
      return;
    }
    const form = box.form || box.closest("form");
    if (!form) { return; }
    form.querySelectorAll("input[type=checkbox]:not([data-select-all])")
      .forEach(function (other) { other.checked = box.checked; });
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-click")) {
      event.target.select();
    }
  });
  // Back/forward cache: a page shown again gets its buttons back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("[aria-busy=true]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
