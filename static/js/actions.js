// Behaviour hooked by data- attributes (no inline handlers: CSP), on every page.
//   <form data-confirm="Question?">        asks before submitting
//   <button data-busy-text="Saving…">      disabled with that text once submitted
//   <input type="checkbox" data-select-all> ticks every checkbox of its form
//   <button data-print>                    prints the page
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
