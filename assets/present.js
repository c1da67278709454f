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

// Present's clientside helpers: the screen's size (the server sizes chart type for it)
// and, on an address without a region, the browser's "my region" where one is kept.
// NOTE: "my region" is read from the browser's storage under the shell's store id
// (a dcc.Store keeps its data as JSON under its id); absent, the default stays.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  present: {
    screen: function () {
      return { width: window.innerWidth, height: window.innerHeight };
    },
    myRegion: function (state, options, current) {
      var none = window.dash_clientside.no_update;
      if (!state || state.region_explicit) { return none; }
      if (/[?&]region=/.test(window.location.search)) { return none; }
      var stored = null;
      ["shell-my-region", "my-region"].forEach(function (key) {
        if (stored) { return; }
        try {
          var raw = window.localStorage.getItem(key) || window.sessionStorage.getItem(key);
          var value = raw ? JSON.parse(raw) : null;
          if (value && typeof value === "object") { value = value.region || value.region_id; }
          if (typeof value === "string") { stored = value; }
        } catch (e) { stored = null; }
      });
      var known = (options || []).some(function (o) { return o.value === stored; });
      return stored && known && stored !== current ? stored : none;
    }
  }
});
