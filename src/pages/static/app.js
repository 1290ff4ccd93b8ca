// hardday pages: small progressive enhancements; every page works without them. No inline
// scripts anywhere (CSP). A confirmation before destructive forms (data-confirm), the time zone
// offered from the browser, copy buttons, load charts (uPlot).
(() => {
  // Forms are plain HTML posts (they work without JavaScript); this only asks before the
  // destructive ones and marks the button busy while the page loads.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const confirmText = form.getAttribute('data-confirm');
    if (confirmText && !window.confirm(confirmText)) { event.preventDefault(); return; }
    const button = form.querySelector('button[type=submit]');
    if (button) button.setAttribute('aria-busy', 'true');
  });

  document.addEventListener('click', async (event) => {
    const el = event.target instanceof Element ? event.target.closest('[data-copy],[data-fill-tz]') : null;
    if (!el) return;
    if (el.hasAttribute('data-copy')) {
      const src = document.querySelector(el.getAttribute('data-copy'));
      const value = src ? (src.value !== undefined ? src.value : src.textContent) : '';
      try { await navigator.clipboard.writeText(value); el.textContent = 'Copied'; } catch (_e) { if (src?.select) src.select(); }
      return;
    }
    const input = document.querySelector(el.getAttribute('data-fill-tz'));
    if (input) input.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
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

  // The load series is daily (one point per day, at noon UTC): the time axis ticks whole days,
  // labelled with the date ("24 Nov"), never hours, whatever the range or the chart's width.
  const DAY_S = 86400;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const dayLabel = (s) => {
    const d = new Date(s * 1000);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()];
  };
  function daySplits(xs, width) {
    const last = xs[xs.length - 1];
    const days = Math.round((last - xs[0]) / DAY_S);
    const room = Math.max(2, Math.floor((width - 80) / 64));
    const step = [1, 2, 7, 14, 28, 56, 91].find((n) => Math.floor(days / n) + 1 <= room) || 91;
    const out = [];
    for (let t = last; t >= xs[0] - 1; t -= step * DAY_S) out.unshift(t);
    return out;
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
          { label: 'Date', value: (_u, v) => (v == null ? '–' : dayLabel(v)) },
          { label: 'Daily load', stroke: '#888', paths: window.uPlot.paths?.bars ? window.uPlot.paths.bars({ size: [0.6] }) : undefined, fill: 'rgba(136,136,136,.3)' },
          { label: 'Fitness (CTL)', stroke: '#1b6e3a', width: 2 },
          { label: 'Fatigue (ATL)', stroke: '#b3261e', width: 2 },
          { label: 'Form (TSB)', stroke: '#1f4fa3', width: 2, dash: [6, 4] },
        ],
        scales: { x: { time: true, range: (_u, min, max) => [min - DAY_S / 2, max + DAY_S / 2] } },
        axes: [{ splits: () => daySplits(xs, width), values: (_u, splits) => splits.map(dayLabel) }, { label: 'load' }],
      }, [xs, pick('load'), pick('ctl'), pick('atl'), pick('tsb')], el);
    });
  }

  // htmx swaps 2xx and 422 (see htmx-config in the layout); anything else would leave the
  // result box empty: say that the request failed instead.
  function htmxFailed(event) {
    const target = event.detail?.target;
    if (!(target instanceof Element)) return;
    const xhr = event.detail.xhr;
    const span = document.createElement('span');
    span.setAttribute('role', 'alert');
    span.textContent = xhr?.status ? 'That did not work (the server answered ' + xhr.status + '). Try again.' : 'The server could not be reached. Try again.';
    target.replaceChildren(span);
  }
  document.addEventListener('htmx:responseError', htmxFailed);
  document.addEventListener('htmx:sendError', htmxFailed);

  document.addEventListener('DOMContentLoaded', () => {
    offerTimeZone();
    drawCharts();
  });

  // charts take the width they are drawn at: redraw when the window changes size (phone rotation)
  let frame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(drawCharts);
  });
})();
