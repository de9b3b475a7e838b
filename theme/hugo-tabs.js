// Keyboard-accessible tabs for the markup mdbook-hugo emits ({{< tabs >}}).
// Without this script every panel stays visible with its label, which is also how the
// print page shows them.
(function () {
    "use strict";

    function select(tabs, tab, focus) {
        tabs.forEach(function (other) {
            var selected = other === tab;
            other.setAttribute("aria-selected", selected ? "true" : "false");
            other.tabIndex = selected ? 0 : -1;
            var panel = document.getElementById(other.getAttribute("aria-controls"));
            if (panel) {
                panel.hidden = !selected;
            }
        });
        if (focus) {
            tab.focus();
        }
    }

    function setUp(group) {
        var tabs = Array.prototype.slice.call(group.querySelectorAll(":scope > .hugo-tablist > .hugo-tab"));
        if (tabs.length === 0) {
            return;
        }
        group.classList.add("hugo-tabs-ready");
        var current = tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0];
        select(tabs, current, false);
        tabs.forEach(function (tab, index) {
            tab.addEventListener("click", function () { select(tabs, tab, false); });
            tab.addEventListener("keydown", function (event) {
                var next = null;
                if (event.key === "ArrowRight") { next = tabs[(index + 1) % tabs.length]; }
                else if (event.key === "ArrowLeft") { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
                else if (event.key === "Home") { next = tabs[0]; }
                else if (event.key === "End") { next = tabs[tabs.length - 1]; }
                if (next) {
                    event.preventDefault();
                    select(tabs, next, true);
                }
            });
        });
    }

    function init() {
        document.querySelectorAll(".hugo-tabs").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
