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

    // Docsy's tab persistence: a tab with data-hugo-persist="KEY" chosen once is chosen
    // in every tab group that has a tab with that key, on this page and later ones. The
    // time each key was chosen is kept in localStorage; the newest wins.
    var PERSIST_PREFIX = "hugo-tabs-persist:";

    function chosenAt(key) {
        try {
            return Number(window.localStorage.getItem(PERSIST_PREFIX + key)) || 0;
        } catch (e) {
            return 0;
        }
    }

    function remember(key) {
        try {
            window.localStorage.setItem(PERSIST_PREFIX + key, String(Date.now()));
        } catch (e) {
            // No storage (private mode, file://): the choice holds on this page only.
        }
    }

    function choose(tab, focus) {
        var key = tab.getAttribute("data-hugo-persist");
        if (!key) {
            select(groupTabs(tab.closest(".hugo-tabs")), tab, focus);
            return;
        }
        remember(key);
        document.querySelectorAll(".hugo-tab[data-hugo-persist]").forEach(function (other) {
            if (other.getAttribute("data-hugo-persist") === key) {
                select(groupTabs(other.closest(".hugo-tabs")), other, focus && other === tab);
            }
        });
    }

    function groupTabs(group) {
        return Array.prototype.slice.call(group.querySelectorAll(":scope > .hugo-tablist > .hugo-tab:not([disabled])"));
    }

    function setUp(group) {
        var tabs = groupTabs(group);
        if (tabs.length === 0) {
            return;
        }
        group.classList.add("hugo-tabs-ready");
        var current = tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0];
        var newest = 0;
        tabs.forEach(function (tab) {
            var key = tab.getAttribute("data-hugo-persist");
            var at = key ? chosenAt(key) : 0;
            if (at > newest) {
                newest = at;
                current = tab;
            }
        });
        select(tabs, current, false);
        tabs.forEach(function (tab, index) {
            tab.addEventListener("click", function () { choose(tab, false); });
            tab.addEventListener("keydown", function (event) {
                var next = null;
                if (event.key === "ArrowRight") { next = tabs[(index + 1) % tabs.length]; }
                else if (event.key === "ArrowLeft") { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
                else if (event.key === "Home") { next = tabs[0]; }
                else if (event.key === "End") { next = tabs[tabs.length - 1]; }
                if (next) {
                    // mdBook turns the page on ArrowLeft/ArrowRight at the document: the
                    // key belongs to the tab list here.
                    event.preventDefault();
                    event.stopPropagation();
                    choose(next, true);
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

// Line numbers and marked lines for code from the `highlight` shortcode: the fence carries
// `hugo-linenos`, `hugo-linenostart-N` and `hugo-hl-N` / `hugo-hl-N-M` classes. The numbers
// and marks are drawn beside the code, never inside it, so copying and search see the code
// alone. Blocks inside a hidden tab are drawn when they first show.
(function () {
    "use strict";

    function optionsOf(code) {
        var options = { numbers: false, start: 1, marked: [] };
        Array.prototype.forEach.call(code.classList, function (name) {
            var match;
            if (name === "hugo-linenos") {
                options.numbers = true;
            } else if ((match = /^hugo-linenostart-(\d+)$/.exec(name))) {
                options.start = parseInt(match[1], 10);
            } else if ((match = /^hugo-hl-(\d+)(?:-(\d+))?$/.exec(name))) {
                var first = parseInt(match[1], 10);
                options.marked.push([first, match[2] ? parseInt(match[2], 10) : first]);
            }
        });
        return options.numbers || options.marked.length ? options : null;
    }

    function decoration(className) {
        var element = document.createElement("span");
        element.className = className;
        element.setAttribute("aria-hidden", "true");
        return element;
    }

    function setUp(code) {
        var options = optionsOf(code);
        var pre = code.parentElement;
        if (!options || !pre || pre.tagName !== "PRE") {
            return;
        }
        pre.classList.add("hugo-code-lines");
        var count = code.textContent.replace(/\n$/, "").split("\n").length;
        var gutter = null;
        if (options.numbers) {
            gutter = decoration("hugo-linenos-gutter");
            var numbers = [];
            for (var i = 0; i < count; i++) {
                numbers.push(String(options.start + i));
            }
            gutter.textContent = numbers.join("\n");
            code.classList.add("hugo-has-gutter");
            pre.appendChild(gutter);
        }
        var bars = options.marked.map(function (range) {
            var bar = decoration("hugo-hl-line");
            pre.appendChild(bar);
            return { element: bar, first: Math.max(range[0], 1), last: Math.min(range[1], count) };
        });

        function place() {
            if (code.clientHeight === 0) {
                return;
            }
            var style = window.getComputedStyle(code);
            var paddingTop = parseFloat(style.paddingTop) || 0;
            var paddingBottom = parseFloat(style.paddingBottom) || 0;
            var lineHeight = (code.clientHeight - paddingTop - paddingBottom) / count;
            var top = code.offsetTop + paddingTop;
            if (gutter) {
                gutter.style.top = top + "px";
                gutter.style.left = code.offsetLeft + "px";
                gutter.style.lineHeight = lineHeight + "px";
                gutter.style.fontSize = style.fontSize;
                gutter.style.fontFamily = style.fontFamily;
            }
            bars.forEach(function (bar) {
                bar.element.hidden = bar.last < bar.first;
                bar.element.style.top = (top + (bar.first - 1) * lineHeight) + "px";
                bar.element.style.height = ((bar.last - bar.first + 1) * lineHeight) + "px";
                bar.element.style.left = code.offsetLeft + "px";
                bar.element.style.width = code.clientWidth + "px";
            });
        }

        place();
        if (window.ResizeObserver) {
            new window.ResizeObserver(place).observe(code);
        }
    }

    function init() {
        document.querySelectorAll("pre > code[class*='hugo-linenos'], pre > code[class*='hugo-hl-']").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();

// Bootstrap 5 tab markup, as a site's own templates write it (Doks' `tabs`, Docsy's
// `tabpane`): buttons with data-bs-toggle="tab" (or "pill") and data-bs-target="#ID" in a
// .nav, panes .tab-pane in a .tab-content, the shown one .active. mdBook has no Bootstrap
// script; this one switches the panes. Without it every pane stays visible.
(function () {
    "use strict";

    function paneOf(toggle) {
        var target = toggle.getAttribute("data-bs-target") || toggle.getAttribute("href") || "";
        if (target.charAt(0) !== "#" || target.length < 2) {
            return null;
        }
        return document.getElementById(target.slice(1));
    }

    function show(toggle) {
        var pane = paneOf(toggle);
        var nav = toggle.closest(".nav, [role=tablist]");
        if (!pane || !nav) {
            return;
        }
        nav.querySelectorAll("[data-bs-toggle=tab], [data-bs-toggle=pill]").forEach(function (other) {
            var selected = other === toggle;
            other.classList.toggle("active", selected);
            other.setAttribute("aria-selected", selected ? "true" : "false");
            var otherPane = paneOf(other);
            if (otherPane) {
                otherPane.classList.toggle("active", selected);
                otherPane.classList.toggle("show", selected);
            }
        });
    }

    function init() {
        document.querySelectorAll("[data-bs-toggle=tab], [data-bs-toggle=pill]").forEach(function (toggle) {
            var pane = paneOf(toggle);
            if (!pane || !pane.parentElement) {
                return;
            }
            pane.parentElement.classList.add("hugo-bs-tabs-ready");
            toggle.addEventListener("click", function (event) {
                event.preventDefault();
                show(toggle);
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
