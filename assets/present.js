// Keyboard navigation for the presentation mode (/present): arrows, space, Page Up/Down,
// Home/End move between slides; Escape leaves. Links are clicked so that Dash's router
// updates the URL (slide number) and the back button works.
document.addEventListener("keydown", function (event) {
  if (!document.getElementById("present-root")) { return; }
  var tag = (event.target && event.target.tagName) || "";
  if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (event.target && event.target.isContentEditable)) { return; }
  if (event.altKey || event.ctrlKey || event.metaKey) { return; }
  var target = {
    ArrowRight: "present-next", PageDown: "present-next", " ": "present-next",
    ArrowLeft: "present-prev", PageUp: "present-prev",
    Home: "present-first", End: "present-last", Escape: "present-exit"
  }[event.key];
  if (!target) { return; }
  var link = document.getElementById(target);
  if (link) { event.preventDefault(); link.click(); }
});
