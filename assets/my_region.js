// "My region" (dashboard/components/my_region.py): kept in localStorage, written into the
// address of the pages that take a region, changed from the navbar in one click.
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.myRegion = (function () {
  // NOTE: the same map as PAGE_PARAMS in dashboard/components/my_region.py.
  var PARAMS = {
    "/scoreboard": "me", "/compare": "peer", "/measures": "region",
    "/challenges": "region", "/perception": "region", "/stakeholders": "me"
  };
  // NOTE: no_update is read when a callback runs, not when this file loads: the
  // renderer defines it after the assets, and an undefined "no update" writes the
  // address again and again (the page froze after each change of a control).
  function none() { return window.dash_clientside.no_update; }

  function withRegion(search, key, region, replace) {
    var params = new URLSearchParams(search || "");
    // Compare: an address that names its regions keeps them.
    if (!replace && (params.has(key) || (key === "peer" && params.has("regions")))) {
      return null;
    }
    if (replace && key === "peer") { params.delete("regions"); }
    params.set(key, region);
    return "?" + params.toString();
  }

  function profileOf(pathname) {
    var m = /^\/region\/([A-Za-z0-9]+)\/?$/.exec(pathname || "");
    return m ? m[1].toUpperCase() : null;
  }

  return {
    sync: function (pathname, picked, _ts, search, stored) {
      var NO = none();
      var trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
      var key = PARAMS[pathname];
      if (trigger.indexOf("my-region-picker") === 0) {
        if (!picked || picked === stored) { return [NO, NO, NO]; }
        // Changing the region reopens the current page on it.
        var next = key ? withRegion(search, key, picked, true) : null;
        if (profileOf(pathname)) {
          window.history.pushState({}, "", "/region/" + picked);
          window.dispatchEvent(new PopStateEvent("popstate"));
        }
        return [picked, NO, next === null ? NO : next];
      }
      if (!stored) { return [NO, NO, NO]; }
      var fill = key ? withRegion(search, key, stored, false) : null;
      return [NO, picked === stored ? NO : stored, fill === null ? NO : fill];
    },
    choose: function (picked) {
      var NO = none();
      if (!picked) { return [NO, NO]; }
      return [picked, false];
    },
    profileLink: function (stored) {
      if (!stored) { return ["/regions", "small ms-2 d-none"]; }
      return ["/region/" + stored, "small ms-2"];
    },
    prompt: function (_ts, stored) {
      return !stored;
    }
  };
})();
