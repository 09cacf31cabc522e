/*
 * Parley's chart wrapper around Chart.js (loaded before this file, same script). The console's
 * Java component (console/support/TimeChart) calls parleyCharts.render(element, spec) with plain
 * JSON: no code crosses from the server, and labels are drawn on a canvas, never parsed as HTML.
 */
(function (global) {
  'use strict';

  var PALETTE = ['#1f6feb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2'];

  /** Chart.js configuration for a spec: {kind, labels, series:[{name, values, color?}], percent?, stacked?, summary}. */
  function toConfig(spec, textColor, gridColor) {
    var series = spec.series || [];
    var bar = String(spec.kind).toLowerCase() === 'bar';
    return {
      type: bar ? 'bar' : 'line',
      data: {
        labels: spec.labels || [],
        datasets: series.map(function (s, i) {
          var color = s.color || PALETTE[i % PALETTE.length];
          return {
            label: String(s.name),
            data: s.values,
            borderColor: color,
            backgroundColor: bar ? color : color + '33',
            fill: !bar && series.length === 1,
            tension: 0.25,
            pointRadius: (spec.labels || []).length > 45 ? 0 : 2,
            spanGaps: true,
            stack: spec.stacked ? 'all' : undefined
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: series.length > 1, labels: { color: textColor, boxWidth: 12 } },
          tooltip: {
            callbacks: spec.percent ? {
              label: function (ctx) {
                return ctx.dataset.label + ': ' + (ctx.parsed.y == null ? '–' : Math.round(ctx.parsed.y * 100) + '%');
              }
            } : {}
          }
        },
        scales: {
          x: { stacked: !!spec.stacked, ticks: { color: textColor, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 },
               grid: { display: false } },
          y: {
            stacked: !!spec.stacked,
            beginAtZero: true,
            suggestedMax: spec.percent ? 1 : undefined,
            ticks: {
              color: textColor,
              precision: spec.percent ? undefined : 0,
              callback: spec.percent ? function (v) { return Math.round(v * 100) + '%'; } : undefined
            },
            grid: { color: gridColor }
          }
        }
      }
    };
  }

  /** Draws (or redraws) the chart inside element; returns the number of points drawn. */
  function render(element, spec) {
    var canvas = element.querySelector('canvas');
    if (!canvas) {
      canvas = global.document.createElement('canvas');
      element.appendChild(canvas);
    }
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', String(spec.summary || ''));
    var old = global.Chart.getChart(canvas);
    if (old) old.destroy();
    // Fixed colours: Lumo's custom properties may hold color-mix(), which a canvas cannot paint.
    var chart = new global.Chart(canvas, toConfig(spec, '#5b6472', '#e6e9ee'));
    return chart.data.datasets.reduce(function (n, d) { return n + d.data.length; }, 0);
  }

  global.parleyCharts = { render: render, toConfig: toConfig };
})(typeof window !== 'undefined' ? window : globalThis);
