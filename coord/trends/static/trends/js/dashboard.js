/* Draws the trend charts from the JSON blocks the page carries (no inline script).
 * Each <canvas id="chart-x"> has a sibling <script type="application/json"> holding
 * {months, rows: [{label, points: [{count, suppressed}]}], k}. Suppressed points are gaps;
 * the tooltip of a neighbouring point never guesses them. */
(function () {
  "use strict";
  var palette = ["#0b4f8a", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00796b",
                 "#5d4037", "#c2185b", "#455a64", "#f9a825", "#1565c0", "#6d4c41"];

  function draw(canvas, data) {
    var rows = data.rows.filter(function (row) { return row.charted; });
    var datasets = rows.map(function (row, i) {
      return {
        label: row.label,
        data: row.points.map(function (p) { return p.suppressed ? null : p.count; }),
        suppressed: row.points.map(function (p) { return p.suppressed; }),
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        spanGaps: false,
        tension: 0.2
      };
    });
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
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
          subtitle: {
            display: data.suppressed_cells > 0,
            text: "Gaps: fewer than " + data.k + " (hidden)"
          }
        }
      }
    });
  }

  function start() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll(".trend-chart canvas").forEach(function (canvas) {
      var block = canvas.parentElement.nextElementSibling;
      if (!block || block.type !== "application/json") { return; }
      draw(canvas, JSON.parse(block.textContent));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
