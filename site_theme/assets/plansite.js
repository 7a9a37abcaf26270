// Keyboard access to the header's menu and search buttons (labels for hidden checkboxes in the theme).
// Their names are in the site's language, from the JSON main.html writes into #__plansite_texts.
var plansiteTexts = (function () {
  var element = document.getElementById("__plansite_texts");
  try {
    return element ? JSON.parse(element.textContent) : {};
  } catch (error) {
    return {};
  }
})();
document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]').forEach(function (label) {
  label.setAttribute("tabindex", "0");
  label.setAttribute("role", "button");
  var name = label.getAttribute("for") === "__drawer" ? plansiteTexts.menu : plansiteTexts.search;
  if (!label.getAttribute("aria-label") && name) {
    label.setAttribute("aria-label", name);
  }
  label.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      label.click();
    }
  });
});
