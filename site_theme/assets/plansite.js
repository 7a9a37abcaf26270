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
// Each label gets a real button inside it (a label may carry no role): the button toggles the
// label's checkbox, and without JavaScript the label works as the theme made it.
document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]').forEach(function (label) {
  var toggle = document.getElementById(label.getAttribute("for"));
  var name = label.getAttribute("for") === "__drawer" ? plansiteTexts.menu : plansiteTexts.search;
  if (!toggle) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "plansite-header-button";
  if (name) {
    button.setAttribute("aria-label", name);
  }
  while (label.firstChild) {
    button.appendChild(label.firstChild);
  }
  label.appendChild(button);
  button.addEventListener("click", function (event) {
    event.preventDefault();
    toggle.click();
  });
});
// The search dialog is named like its button.
document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
  if (!dialog.getAttribute("aria-label") && plansiteTexts.search) {
    dialog.setAttribute("aria-label", plansiteTexts.search);
  }
});

// The language switch (partials/alternate.html) is a plain link to this page in the other language.
// Material's script reads the page's <link rel="alternate"> and would re-route a click on it through
// the other language's sitemap.xml; the link works as it is, so the click stops before that script.
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest(".plansite-language__link")) {
    event.stopPropagation();
  }
}, true);
