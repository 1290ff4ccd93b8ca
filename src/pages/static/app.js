// hardday pages: small progressive enhancements. No inline scripts anywhere (CSP).
// 1. <form data-api="/api/..."> sends its fields as JSON to the JSON API (the contract), so the
//    pages and the API run the same use cases. Field conventions: data-type="number|nullable|bool|list",
//    names with dots nest ("injury.area"). data-next: where to go after success; data-show: an
//    element that receives the response's data-show-field value (a new token or invitation link).
// 2. <button data-api-delete="/api/..."> deletes and reloads (data-confirm asks first).
// 3. Time zone offered from the browser; copy buttons; load charts (uPlot).
(() => {
  

  function setPath(obj, path, value) {
    const parts = path.split('.');
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      if (cur[parts[i]] === undefined || cur[parts[i]] === null) cur[parts[i]] = {};
      cur = cur[parts[i]];
    }
    cur[parts[parts.length - 1]] = value;
  }

  function formJson(form) {
    const body = {};
    const lists = {};
    Array.prototype.forEach.call(form.elements, (el) => {
      if (!el.name || el.disabled) return;
      const type = el.getAttribute('data-type');
      if (type === 'list') {
        lists[el.name] = lists[el.name] || [];
        if (el.checked) lists[el.name].push(el.value);
        return;
      }
      if (el.type === 'radio' && !el.checked) return;
      let value;
      if (type === 'bool') value = el.type === 'checkbox' ? el.checked : el.value === 'true';
      else if (type === 'number') value = el.value === '' ? null : Number(el.value);
      else if (type === 'nullable') value = el.value === '' ? null : el.value;
      else value = el.value;
      if (value === '' && el.hasAttribute('data-omit-empty')) return;
      if (value === null && el.hasAttribute('data-omit-empty')) return;
      setPath(body, el.name, value);
    });
    Object.keys(lists).forEach((k) => { setPath(body, k, lists[k]); });
    // an object whose "when" field is empty becomes null (e.g. no injury)
    Array.prototype.forEach.call(form.querySelectorAll('[data-null-unless]'), (el) => {
      const key = el.getAttribute('data-null-unless');
      const probe = key + '.' + el.getAttribute('data-probe');
      const parts = probe.split('.');
      let cur = body;
      for (let i = 0; i < parts.length && cur; i++) cur = cur[parts[i]];
      if (cur === '' || cur === null || cur === undefined) setPath(body, key, null);
    });
    return body;
  }

  function showError(form, message) {
    const box = form.querySelector('.form-error');
    if (box) box.textContent = message;
    else alert(message);
  }

  async function send(method, url, body) {
    const init = { method: method, headers: { accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    let data = null;
    const text = await res.text();
    if (text) { try { data = JSON.parse(text); } catch (_e) { data = null; } }
    if (!res.ok) {
      const msg = data?.error?.message ? data.error.message : 'request failed (' + res.status + ')';
      throw new Error(msg);
    }
    return data;
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-api')) return;
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button) button.setAttribute('aria-busy', 'true');
    showError(form, '');
    try {
      const data = await send(form.getAttribute('data-method') || 'POST', form.getAttribute('data-api'), formJson(form));
      if (data?.authorizeUrl) { window.location.assign(data.authorizeUrl); return; }
      const show = form.getAttribute('data-show');
      if (show && data) {
        const out = document.querySelector(show);
        const field = form.getAttribute('data-show-field');
        if (out) { out.textContent = String(field ? data[field] : JSON.stringify(data)); out.hidden = false; out.focus(); }
        if (button) button.removeAttribute('aria-busy');
        return;
      }
      const next = form.getAttribute('data-next');
      if (next) window.location.assign(next); else window.location.reload();
    } catch (error) {
      showError(form, error.message);
      if (button) button.removeAttribute('aria-busy');
    }
  });

  document.addEventListener('click', async (event) => {
    const el = event.target instanceof Element ? event.target.closest('[data-api-delete],[data-copy],[data-fill-tz]') : null;
    if (!el) return;
    if (el.hasAttribute('data-copy')) {
      const src = document.querySelector(el.getAttribute('data-copy'));
      const value = src ? (src.value !== undefined ? src.value : src.textContent) : '';
      try { await navigator.clipboard.writeText(value); el.textContent = 'Copied'; } catch (_e) { if (src?.select) src.select(); }
      return;
    }
    if (el.hasAttribute('data-fill-tz')) {
      const input = document.querySelector(el.getAttribute('data-fill-tz'));
      if (input) input.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return;
    }
    const confirmText = el.getAttribute('data-confirm');
    if (confirmText && !window.confirm(confirmText)) return;
    try {
      await send(el.getAttribute('data-method') || 'DELETE', el.getAttribute('data-api-delete'));
      const next = el.getAttribute('data-next');
      if (next) window.location.assign(next); else window.location.reload();
    } catch (error) {
      alert(error.message);
    }
  });

  function offerTimeZone() {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    Array.prototype.forEach.call(document.querySelectorAll('[data-browser-tz]'), (el) => {
      el.textContent = tz;
    });
    Array.prototype.forEach.call(document.querySelectorAll('input[data-default-tz]'), (input) => {
      if (!input.value || input.value === 'UTC') input.value = tz;
    });
  }

  function drawCharts() {
    if (typeof window.uPlot !== 'function') return;
    Array.prototype.forEach.call(document.querySelectorAll('[data-load-chart]'), (el) => {
      const points = JSON.parse(el.getAttribute('data-load-chart'));
      if (!points.length) return;
      const xs = points.map((p) => Date.parse(p.date + 'T12:00:00Z') / 1000);
      const pick = (k) => points.map((p) => p[k]);
      const width = Math.max(280, el.clientWidth);
      el.textContent = '';
      new window.uPlot({
        width: width,
        height: 280,
        series: [
          {},
          { label: 'Daily load', stroke: '#888', paths: window.uPlot.paths?.bars ? window.uPlot.paths.bars({ size: [0.6] }) : undefined, fill: 'rgba(136,136,136,.3)' },
          { label: 'Fitness (CTL)', stroke: '#1b6e3a', width: 2 },
          { label: 'Fatigue (ATL)', stroke: '#b3261e', width: 2 },
          { label: 'Form (TSB)', stroke: '#1f4fa3', width: 2, dash: [6, 4] },
        ],
        axes: [{}, { label: 'load' }],
      }, [xs, pick('load'), pick('ctl'), pick('atl'), pick('tsb')], el);
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    offerTimeZone();
    drawCharts();
  });
})();
