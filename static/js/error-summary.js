// After a failed submit, move focus to the error summary at the top of the form
// (Designsystemet's ErrorSummary pattern), so that a screen reader reads the errors first and a
// keyboard user tabs straight into the links to each field. Without JavaScript the summary is
// still there, first in the form, and its links still lead to the fields.
// core/templates/designsystemet/errors.html gives the summary tabindex="-1".
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
