/*
 * Accessibility repairs for Dash 4's dcc.Dropdown (WCAG 2.1: 4.1.2 name/role/value, 2.4.3 focus
 * order), applied to every dropdown as it appears.
 *
 * NOTE (accessibility): dash 4.4's dropdown puts keyboard focus on a hidden proxy <input aria-hidden="true"
 * tabindex="0"> that forwards it to the real trigger <button tabindex="-1">. axe-core reports the
 * proxy as "aria-hidden element must not be focusable" (serious), and the button's name is only its
 * value ("3 selected Saxony ..."), not its visible <label>. So, for each dropdown:
 *   - the proxy input is made inert (not focusable, not in the accessibility tree) and the trigger
 *     button takes its place in the tab order (Enter / ArrowDown open it, as before);
 *   - the button is named by its <label for=...> first, then its visible value and count, so a
 *     screen reader says "Regions (2 to 4), Hauts-de-France Saxony Wallonia, 3 selected".
 * React sets neither attribute again after mounting (its props do not change), so doing this once
 * per element is enough. Remove this file when Dash's dropdown is accessible upstream.
 */
(function () {
    "use strict";

    function repair(proxy) {
        if (proxy.dataset.a11yRepaired) {
            return;
        }
        proxy.dataset.a11yRepaired = "1";
        proxy.inert = true;
        proxy.tabIndex = -1;
        var button = proxy.nextElementSibling;
        if (!button || button.tagName !== "BUTTON") {
            return;
        }
        if (!button.disabled) {
            button.tabIndex = 0;
        }
        if (!button.id) {
            return;
        }
        var label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
        if (!label) {
            return;
        }
        if (!label.id) {
            label.id = button.id + "-label";
        }
        // The trigger span holds the chosen values and the count exactly as they are shown,
        // so the name contains the visible text (WCAG 2.5.3 label in name).
        var trigger = button.querySelector(".dash-dropdown-trigger");
        if (!trigger) {
            return;
        }
        if (!trigger.id) {
            trigger.id = button.id + "-trigger";
        }
        button.setAttribute("aria-labelledby", label.id + " " + trigger.id);
    }

    // The mouse-only "clear" cross (no href, no tabindex; Delete/Backspace clear from the
    // keyboard) would otherwise run "Clear selection" into the name without a space.
    function hideClear(cross) {
        cross.setAttribute("aria-hidden", "true");
    }

    // NOTE (accessibility): a table wider than the screen scrolls inside its .table-responsive box; make that
    // box reachable and scrollable from the keyboard (WCAG 2.1.1), named after its table.
    function nearestHeading(node) {
        for (var up = node, depth = 0; up && depth < 4; up = up.parentElement, depth++) {
            for (var prev = up.previousElementSibling; prev; prev = prev.previousElementSibling) {
                var heading = /^H[1-6]$/.test(prev.tagName) ? prev : prev.querySelector("h1,h2,h3,h4,h5,h6");
                if (heading) {
                    return heading.textContent;
                }
            }
        }
        return "";
    }

    function focusableScroll(box) {
        if (box.hasAttribute("tabindex")) {
            return;
        }
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        var table = box.querySelector("table");
        var caption = table && table.querySelector("caption");
        var name = caption ? caption.textContent : nearestHeading(box);
        box.setAttribute("aria-label", "Scrollable table" + (name ? ": " + name : ""));
    }

    function scan(root) {
        if (!root.querySelectorAll) {
            return;
        }
        root.querySelectorAll(".dash-dropdown-focus-target").forEach(repair);
        root.querySelectorAll(".dash-dropdown-clear").forEach(hideClear);
        root.querySelectorAll(".table-responsive").forEach(focusableScroll);
    }

    function start() {
        scan(document);
        new MutationObserver(function (records) {
            records.forEach(function (record) {
                record.addedNodes.forEach(function (node) {
                    if (node.nodeType === 1) {
                        if (node.classList.contains("dash-dropdown-focus-target")) {
                            repair(node);
                        } else if (node.classList.contains("dash-dropdown-clear")) {
                            hideClear(node);
                        } else if (node.classList.contains("table-responsive")) {
                            focusableScroll(node);
                        } else {
                            scan(node);
                        }
                    }
                });
            });
        }).observe(document.body, {childList: true, subtree: true});
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();

// The menu marks the current page for assistive technology too: dbc.NavLink sets the
// "active" class (active="exact") but not aria-current, so it is kept in step here.
(function () {
  function mark() {
    document.querySelectorAll(".navbar-nav .nav-link").forEach(function (link) {
      var current = link.classList.contains("active");
      if (current && link.getAttribute("aria-current") !== "page") {
        link.setAttribute("aria-current", "page");
      } else if (!current && link.hasAttribute("aria-current")) {
        link.removeAttribute("aria-current");
      }
    });
  }
  new MutationObserver(mark).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class"]
  });
  mark();
})();
