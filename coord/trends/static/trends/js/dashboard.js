/* Draws the trend charts from the JSON blocks the page carries (no inline script).
 * Each <canvas id="chart-x"> sits in a hidden .chart-box followed by a
 * <script type="application/json"> holding {months, rows: [{label, charted,
 * points: [{count, withheld}]}], below, withheld_label}. Every text comes translated from
 * the server. A withheld point is not a zero: the line breaks there and a hollow marker
 * sits inside a grey band "fewer than N" (the band's top is the threshold it stays under).
 * Without JavaScript the box stays hidden and the table under it (open) is the figure. */
(function () {
  "use strict";
  var palette = ["#0b4f8a", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00796b",
                 "#5d4037", "#c2185b", "#455a64", "#f9a825", "#1565c0", "#6d4c41"];

  function draw(canvas, data) {
    var rows = data.rows.filter(function (row) { return row.charted; });
    var below = data.below;
    var anyWithheld = false;
    var datasets = rows.map(function (row, i) {
      var colour = palette[i % palette.length];
      var withheld = row.points.map(function (p) { return p.withheld; });
      if (withheld.indexOf(true) !== -1) { anyWithheld = true; }
      return {
        label: row.label,
        // A withheld point sits mid-band, hollow; the line never joins it.
        data: row.points.map(function (p) { return p.withheld ? below / 2 : p.count; }),
        withheld: withheld,
        borderColor: colour,
        backgroundColor: colour,
        pointRadius: 3,
        pointStyle: withheld.map(function (w) { return w ? "rectRot" : "circle"; }),
        pointBackgroundColor: withheld.map(function (w) { return w ? "#ffffff" : colour; }),
        segment: {
          borderColor: function (ctx) {
            return (withheld[ctx.p0DataIndex] || withheld[ctx.p1DataIndex]) ? "rgba(0,0,0,0)" : undefined;
          }
        },
        tension: 0.2
      };
    });
    if (anyWithheld) {
      datasets.push({
        label: data.withheld_label,
        data: data.months.map(function () { return below; }),
        isBand: true,
        borderColor: "rgba(120,120,120,0.6)",
        borderDash: [4, 4],
        borderWidth: 1,
        backgroundColor: "rgba(160,160,160,0.18)",
        fill: "origin",
        pointRadius: 0,
        pointHitRadius: 0
      });
    }
    // eslint-disable-next-line no-undef
    return new Chart(canvas, {
      type: "line",
      data: { labels: data.months, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            filter: function (item) { return !item.dataset.isBand; },
            callbacks: {
              label: function (item) {
                var ds = item.dataset;
                var shown = ds.withheld && ds.withheld[item.dataIndex]
                  ? data.withheld_label : item.formattedValue;
                return ds.label + ": " + shown;
              }
            }
          }
        }
      }
    });
  }

  function start() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll(".trend-chart canvas").forEach(function (canvas) {
      var box = canvas.parentElement;
      var block = box.nextElementSibling;
      if (!block || block.type !== "application/json") { return; }
      box.hidden = false;
      var chart = draw(canvas, JSON.parse(block.textContent));
      canvas.dataset.drawn = String(chart.data.datasets.length);
      var section = box.closest(".trend-chart");
      var more = section.querySelector(".chart-more");
      if (more) { more.hidden = false; }
      // The chart is drawn: the table folds away under its summary, one click to open.
      var table = section.querySelector("details.chart-table");
      if (table) { table.open = false; }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
