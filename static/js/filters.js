// Submits the database's filter form as soon as a filter or the sort order changes.
// Without JavaScript the form's own button does the same.
document.querySelectorAll("form[data-auto-submit]").forEach((form) => {
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio], select")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
});
