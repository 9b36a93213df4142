// The page's one Trusted Types policy. The Content-Security-Policy requires
// Trusted Types for every DOM sink that takes script ("require-trusted-types-for
// 'script'") and allows only this policy ("trusted-types default"), created
// here before any other script runs.
//
// It lets through one thing: a script URL of the app's own origin, which is
// what go-app's app.js hands navigator.serviceWorker.register as a plain
// string. HTML and script text have no rule here, so an assignment of a
// string to innerHTML, eval or a javascript: URL is refused; nothing in
// go-app's runtime or the app needs one (go-app writes HTML only for
// app.Raw, which the app does not use).
if (window.trustedTypes && window.trustedTypes.createPolicy) {
  window.trustedTypes.createPolicy("default", {
    createScriptURL: (url) =>
      new URL(url, location.href).origin === location.origin ? url : null,
  });
}
