// Submits the database's filter form as soon as a filter or the sort order is changed with
// the mouse or a finger. Not from the keyboard: arrow keys change a radio group's or a
// list's value at every press, and reloading then would throw the visitor back to the top
// of the page before they reach the option they want (WCAG 3.2.2, On Input). Keyboard
// users, and visitors without JavaScript, use the form's own button.
document.querySelectorAll("form[data-auto-submit]").forEach((form) => {
  let byPointer = false;
  form.addEventListener("pointerdown", () => { byPointer = true; });
  form.addEventListener("keydown", () => { byPointer = false; });
  form.addEventListener("change", (event) => {
    if (byPointer && event.target.matches("input[type=radio], select")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
});
