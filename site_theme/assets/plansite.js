// Keyboard access to the header's menu and search buttons (labels for hidden checkboxes in the theme).
document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]').forEach(function (label) {
  label.setAttribute("tabindex", "0");
  label.setAttribute("role", "button");
  if (!label.getAttribute("aria-label")) {
    label.setAttribute("aria-label", label.getAttribute("for") === "__drawer" ? "Meny" : "Sök");
  }
  label.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      label.click();
    }
  });
});
