// Glossary links (/glossary#term): Dash renders the page after the browser has looked for
// the anchor, so scroll to it (and focus it for screen readers) once it exists.
(function () {
  function land() {
    if (location.pathname !== "/glossary" || !location.hash) { return false; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return false; }
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    target.classList.add("glossary-target");
    // once more when late content (footer, fonts) has moved the page
    setTimeout(function () { target.scrollIntoView({ block: "start" }); }, 600);
    return true;
  }
  var tries = 0;
  var timer = setInterval(function () {
    if (land() || ++tries > 50) { clearInterval(timer); }
  }, 100);
})();
