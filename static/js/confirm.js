// A form marked <form data-confirm="Question?"> asks before it is sent; Cancel leaves
// everything as it was. Bound from this file because the Content-Security-Policy
// (script-src 'self') blocks inline onsubmit handlers.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm
      && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
