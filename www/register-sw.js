// Work offline after the first visit (see sw.js). Relative URL: the page works from any sub-path.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('./sw.js').catch(() => { /* no offline support; the page still works */ });
}
