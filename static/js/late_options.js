// Late order options: choosing the faster supplier fills in its lead time
// (the supplier's own, from the json_script map); the user can still change it.
(function () {
  "use strict";
  var data = document.getElementById("split-lead-times");
  if (!data) { return; }
  var leadTimes = JSON.parse(data.textContent);
  document.querySelectorAll("select[data-lead-time-into]").forEach(function (select) {
    select.addEventListener("change", function () {
      var input = document.getElementById(select.getAttribute("data-lead-time-into"));
      var days = leadTimes[select.value];
      if (input && days !== undefined) { input.value = days; }
    });
  });
})();
