// Injected by `fieldbook serve`: reloads the page after each rebuild, keeping the scroll
// position (the #anchor stays in the URL), and shows build errors over the page.
(function () {
  'use strict';
  var key = 'fieldbook-scroll:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener('load', function () { window.scrollTo(0, Number(saved)); });
  }
  var generation = null;

  function showErrors(text) {
    var box = document.getElementById('fieldbook-errors');
    if (!box) {
      box = document.createElement('div');
      box.id = 'fieldbook-errors';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:99;' +
        'background:#2b1111;color:#ffd7d7;border:2px solid #e5534b;border-radius:10px;padding:1rem;' +
        'font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 10px 30px rgba(0,0,0,.4)';
      document.body.appendChild(box);
    }
    box.textContent = 'fieldbook: the last save did not build; still showing the previous build.\n\n' + text;
  }

  function poll() {
    var url = '/__fieldbook/poll' + (generation === null ? '' : '?since=' + generation);
    fetch(url, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        var first = generation === null;
        var changed = !first && state.generation !== generation;
        generation = state.generation;
        if (state.errors) showErrors(state.errors);
        else if (changed) {
          sessionStorage.setItem(key, String(window.scrollY));
          location.reload();
          return;
        }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
