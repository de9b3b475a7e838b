// mdbook-hugo: draws the Mermaid diagrams of a page (`<pre class="mermaid">`, written for
// hugo-book's and Learn/Relearn's `mermaid` shortcodes and ```mermaid fences) with
// theme/mermaid.min.js, in Mermaid's `dark` theme on mdBook's coal, navy and ayu themes and
// its `default` theme on light and rust; when the reader switches between a light and a
// dark theme, the diagrams are drawn again from their text.
(function () {
    "use strict";
    var DARK = ["coal", "navy", "ayu"];

    function isDark() {
        var classes = document.documentElement.classList;
        return DARK.some(function (name) { return classes.contains(name); });
    }

    function diagrams() {
        return Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
    }

    var drawnDark = null;

    function draw() {
        if (typeof mermaid === "undefined") {
            return;
        }
        var dark = isDark();
        var nodes = diagrams();
        if (nodes.length === 0 || dark === drawnDark) {
            return;
        }
        drawnDark = dark;
        nodes.forEach(function (node) {
            if (node.dataset.hugoSource === undefined) {
                node.dataset.hugoSource = node.textContent;
            } else {
                node.removeAttribute("data-processed");
                node.textContent = node.dataset.hugoSource;
            }
        });
        mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
        mermaid.run({ nodes: nodes }).catch(function (error) {
            console.warn("mdbook-hugo: a Mermaid diagram could not be drawn:", error);
        });
    }

    function start() {
        draw();
        new MutationObserver(draw).observe(document.documentElement, {
            attributes: true,
            attributeFilter: ["class"],
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
