// Loaded before the ipywidgets html-manager bundle on pages with explorer snapshots: tells
// require.js that the widget modules live in _static/widgets/, so that the fonts they ask for
// (relative to where require.js thinks a module is) come from this site. Without it they are
// looked up next to the page, and are missing.
(function () {
  var base = document.currentScript.src.replace(/widgets-config\.js(\?.*)?$/, "widgets");
  window.require.config({
    paths: { "@jupyter-widgets/html-manager/dist": base, "@jupyter-widgets": base },
  });
})();

// ipywidgets 8 draws a slider's handle (role="slider") without a name, even when the slider has
// a description: screen readers announce "slider" and nothing else (axe-core:
// aria-input-field-name, serious). Name each handle after its widget's label once drawn.
(function () {
  function label(root) {
    root.querySelectorAll(".widget-slider .noUi-handle:not([aria-label])").forEach(function (h) {
      var widget = h.closest(".widget-slider");
      var text = widget && widget.querySelector(".widget-label");
      h.setAttribute("aria-label", (text && text.textContent.trim()) || "Slider");
    });
  }
  new MutationObserver(function () { label(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
