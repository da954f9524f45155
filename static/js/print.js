// "Drukuj" buttons (<button data-print>) print the page. Bound from this file because the
// Content-Security-Policy (script-src 'self') blocks inline onclick handlers.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
