// Charts of report results with Chart.js, from Debian's libjs-chart.js package, which crmd
// serves under /vendor/chart.js/ (never copied into this repository). Loaded on first use.
import { h } from "../dom.js";
import { currencyDecimals, formatNumber, locale, t } from "../i18n.js";

let chartClass = null;
async function loadChart() {
  if (!chartClass) {
    chartClass = import("../../vendor/chart.js/chart.esm.js").then((m) => {
      m.Chart.register(...m.registerables);
      return m.Chart;
    });
  }
  return chartClass;
}

const COLORS = ["#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];

// A number for the chart: money in major units, others as they are.
function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "object" && "amount" in v) return v.amount / 10 ** currencyDecimals(v.currency);
  return typeof v === "number" ? v : Number(v);
}

// Draws SERIES ({labels, datasets: [{label, values, compare}]}) as TYPE ("bar" or "line") in a
// new element, with a text alternative for screen readers. Returns the element.
export function chart(series, type, title) {
  const canvas = h("canvas", { role: "img", "aria-label": t("chart.alt", { title }) });
  const box = h("div", { class: "chart-box" }, canvas);
  loadChart().then((Chart) => {
    const chartObj = new Chart(canvas, {
      type,
      data: {
        labels: series.labels,
        datasets: series.datasets.map((d, i) => {
          const color = COLORS[Math.floor(i / (series.paired ? 2 : 1)) % COLORS.length];
          return {
            label: d.label,
            data: d.values.map(plain),
            backgroundColor: d.compare ? color + "66" : color,
            borderColor: color,
            borderDash: d.compare && type === "line" ? [6, 4] : undefined,
            borderWidth: type === "line" ? 2 : 1,
            tension: 0.2,
          };
        }),
      },
      options: {
        locale: locale(),
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: series.integer ? 0 : undefined,
          callback: (v) => formatNumber(v, { notation: "compact" }) } } },
      },
    });
    box.dataset.ready = "true";
    box.chart = chartObj;
  }).catch((err) => {
    box.replaceChildren(h("p", { class: "inline-error" }, t("chart.unavailable", { message: err.message })));
  });
  return box;
}
