// The search index is fetched when a reader turns to the search (focus in its field, the search
// button, the keyboard shortcuts, which focus the field), not with every page: a first visit does
// not download it (Härryda's plan index is 44 KB gzip, more than the page). The theme asks for it
// with XMLHttpRequest (Material 9.8) when it starts; that one request is sent when the reader turns
// to the search. A link with ?q= or ?h= sends it at once. Loaded deferred before the theme's script
// (site_theme/main.html), so it runs first.
// The theme also asks, on every page, for a sitemap.xml beside each of the page's hreflang links
// (to re-route its own language selector); the links name this page in each language, so every
// such request was a 404, and the site's language switch is a plain link that needs no sitemap
// (plansite.js). Those requests are not sent: the theme hears an error and does without.
(function () {
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send, asked,
      wanted = new Promise(function (resolve) { asked = resolve; });
  XMLHttpRequest.prototype.open = function (method, url) {
    this.plansiteIndex = /\/search\/search_index\.json(?:[?#]|$)/.test(String(url));
    this.plansiteSitemap = /\/sitemap\.xml(?:[?#]|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (request.plansiteSitemap) {
      setTimeout(function () { request.dispatchEvent(new ProgressEvent("error")); }, 0);
      return undefined;
    }
    if (!request.plansiteIndex) { return send.apply(request, args); }
    wanted.then(function () { send.apply(request, args); });
  };
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) { asked(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") { asked(); }
  });
  if (/[?&][qh]=/.test(location.search)) { asked(); }
})();
