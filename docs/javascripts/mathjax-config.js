// MathJax 3, served from this site (see docs/_hooks/copy_mathjax.py).
// It typesets the arithmatex spans of the chapters and the Markdown cells of notebooks.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // Skip every element with a class unless it is one of these (chapters: arithmatex;
    // notebooks: their Markdown cells). Unclassed elements inside those are typeset.
    ignoreHtmlClass: ".+",
    processHtmlClass: "arithmatex|jp-MarkdownOutput|jp-RenderedMarkdown",
  },
};

// MathJax itself (1.2 MB) is loaded only on pages that have math to typeset: the
// "Draw a digit" and "Watch it learn" pages do not need it. Added before the page
// has loaded, it has run by the load event.
if (document.querySelector(".arithmatex, .jp-MarkdownOutput, .jp-RenderedMarkdown")) {
  const script = document.createElement("script");
  script.src = new URL("../assets/mathjax/tex-mml-chtml.js", document.currentScript.src).href;
  script.async = false;
  document.head.append(script);
}

// Material's instant navigation swaps pages without reloading: typeset each new page.
// Not the first one: MathJax typesets it at startup, and typesetting it again also
// typesets the MathML copies MathJax keeps for screen readers, nesting formulas in
// their own copies (wider than the phone screen: the page scrolled sideways).
let firstPage = true;
document$.subscribe(() => {
  if (firstPage) {
    firstPage = false;
    return;
  }
  if (window.MathJax && MathJax.typesetPromise) {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  }
});
