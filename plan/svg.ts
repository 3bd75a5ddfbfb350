/**
 * Cost-vs-memory chart of one function's right-sizing, as a hand-written SVG string (no
 * dependency). Two series (x86_64, arm64), a log₂ memory axis, a linear cost axis, and markers for
 * the current setting and the recommendations. Points without a price are drawn as crosses on the
 * memory axis, never on a guessed cost. Pure.
 */
import type { Architecture } from "../pricing";
import type { FunctionRightsize, RightsizePoint } from "./rightsize";

const WIDTH = 800;
const HEIGHT = 460;
const MARGIN = { left: 84, right: 200, top: 64, bottom: 64 };
const COLORS: Record<Architecture, string> = { x86_64: "#1f77b4", arm64: "#e6750a" };
const MEMORY_TICKS = [128, 256, 512, 1024, 1769, 2048, 3008, 4096, 6144, 8192, 10240];

/** Escape text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const f2 = (n: number) => (Math.round(n * 100) / 100).toString();

/** 0 and ~5 round steps up to at least `max`. */
function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 5;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= rough) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(Math.round((ticks[ticks.length - 1]! + step) * 1e6) / 1e6);
  return ticks;
}

function usdLabel(v: number): string {
  if (v === 0) return "$0";
  if (v < 0.01) return `$${v.toPrecision(2)}`;
  if (v < 10) return `$${v.toFixed(2)}`;
  return `$${Math.round(v).toLocaleString("en-US")}`;
}

/** The chart for one function. `title` is printed on top (e.g. `private-lambda/prod: hello`). */
export function costCurveSvg(fn: FunctionRightsize, title: string): string {
  const points = fn.series.flatMap((s) => s.points);
  const priced = points.filter((p) => p.monthlyUsd !== null);
  const mems = points.map((p) => p.memoryMb);
  const lo = Math.log2(Math.min(...mems, 128));
  const hi = Math.log2(Math.max(...mems, 256));
  const ticksY = niceTicks(Math.max(...priced.map((p) => p.monthlyUsd!), 0) * 1.05);
  const maxY = ticksY[ticksY.length - 1]!;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (mb: number) => MARGIN.left + ((Math.log2(mb) - lo) / (hi - lo || 1)) * plotW;
  const y = (usd: number) => MARGIN.top + plotH - (usd / (maxY || 1)) * plotH;
  const bottom = MARGIN.top + plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(`${title}: monthly cost vs memory`)}</title>`);
  out.push(`<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  out.push(`<text x="${MARGIN.left}" y="24" font-size="16" font-weight="bold">${escapeXml(`${title}: monthly cost vs memory`)}</text>`);
  const said = { measured: "measured", "other-architecture": "measured on the other architecture", model: "modelled (CPU scaling)" } as const;
  const sources = fn.series.map((s) => `${s.architecture} ${said[s.durationSource]}`).join(", ");
  out.push(`<text x="${MARGIN.left}" y="44" fill="#555555">${escapeXml(`${fn.requestsPerMonth.toLocaleString("en-US")} requests/month; durations: ${sources}`)}</text>`);

  // Grid and axes.
  out.push(`<g class="grid" stroke="#e5e5e5">`);
  for (const t of ticksY) out.push(`<line x1="${MARGIN.left}" y1="${f2(y(t))}" x2="${MARGIN.left + plotW}" y2="${f2(y(t))}"/>`);
  const ticksX = MEMORY_TICKS.filter((mb) => Math.log2(mb) >= lo - 1e-9 && Math.log2(mb) <= hi + 1e-9);
  for (const mb of ticksX) out.push(`<line x1="${f2(x(mb))}" y1="${MARGIN.top}" x2="${f2(x(mb))}" y2="${bottom}"/>`);
  out.push(`</g>`);
  out.push(`<g class="axes" stroke="#333333">`);
  out.push(`<line x1="${MARGIN.left}" y1="${bottom}" x2="${MARGIN.left + plotW}" y2="${bottom}"/>`);
  out.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>`);
  out.push(`</g>`);
  out.push(`<g class="x-ticks" text-anchor="middle" fill="#333333">`);
  for (const mb of ticksX) out.push(`<text x="${f2(x(mb))}" y="${bottom + 16}">${mb}</text>`);
  out.push(`</g>`);
  out.push(`<g class="y-ticks" text-anchor="end" fill="#333333">`);
  for (const t of ticksY) out.push(`<text x="${MARGIN.left - 6}" y="${f2(y(t) + 4)}">${escapeXml(usdLabel(t))}</text>`);
  out.push(`</g>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 18}" text-anchor="middle">Memory (MB, log scale)</text>`);
  out.push(`<text transform="translate(20 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">Monthly cost (USD)</text>`);

  // Series: a polyline through consecutive priced points; crosses on the axis for "no price".
  for (const s of fn.series) {
    const color = COLORS[s.architecture];
    out.push(`<g class="series" data-architecture="${s.architecture}" data-duration-source="${s.durationSource}">`);
    let run: RightsizePoint[] = [];
    const flush = () => {
      if (run.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${run.map((p) => `${f2(x(p.memoryMb))},${f2(y(p.monthlyUsd!))}`).join(" ")}"/>`);
      run = [];
    };
    for (const p of s.points) {
      if (p.monthlyUsd === null) {
        flush();
        const cx = x(p.memoryMb);
        out.push(`<path d="M${f2(cx - 4)},${bottom - 4} L${f2(cx + 4)},${bottom + 4} M${f2(cx - 4)},${bottom + 4} L${f2(cx + 4)},${bottom - 4}" stroke="${color}" stroke-width="1.5"><title>${escapeXml(`${s.architecture} ${p.memoryMb} MB: no price (${p.noPrice})`)}</title></path>`);
        continue;
      }
      run.push(p);
    }
    flush();
    for (const p of s.points.filter((q) => q.monthlyUsd !== null)) {
      const fill = p.notRecommended === null ? color : "#ffffff";
      out.push(`<circle cx="${f2(x(p.memoryMb))}" cy="${f2(y(p.monthlyUsd!))}" r="3" fill="${fill}" stroke="${color}"><title>${escapeXml(`${s.architecture} ${p.memoryMb} MB: ${usdLabel(p.monthlyUsd!)}/month, ${p.avgDurationMs} ms (${p.durationSource})${p.notRecommended ? `; ${p.notRecommended}` : ""}`)}</title></circle>`);
    }
    out.push(`</g>`);
  }

  // Markers.
  const marker = (p: RightsizePoint | null, cls: string, label: string, draw: (cx: number, cy: number) => string, dy: number) => {
    if (!p || p.monthlyUsd === null) return;
    const cx = x(p.memoryMb);
    const cy = y(p.monthlyUsd);
    out.push(`<g class="${cls}">${draw(cx, cy)}<text x="${f2(cx + 9)}" y="${f2(cy + dy)}" fill="#111111">${escapeXml(label)}</text></g>`);
  };
  marker(fn.current, "current", `current ${usdLabel(fn.current.monthlyUsd ?? 0)}`, (cx, cy) => `<circle cx="${f2(cx)}" cy="${f2(cy)}" r="7" fill="none" stroke="#111111" stroke-width="2"/>`, -8);
  marker(fn.cheapest, "recommended-cheapest", `cheapest ${fn.cheapest?.architecture ?? ""} ${usdLabel(fn.cheapest?.monthlyUsd ?? 0)}`, (cx, cy) => `<path d="M${f2(cx)},${f2(cy - 7)} L${f2(cx + 7)},${f2(cy)} L${f2(cx)},${f2(cy + 7)} L${f2(cx - 7)},${f2(cy)} Z" fill="none" stroke="#2ca02c" stroke-width="2"/>`, 16);
  marker(fn.fastestWithinBudget, "recommended-fastest", `fastest within budget ${fn.fastestWithinBudget?.architecture ?? ""}`, (cx, cy) => `<rect x="${f2(cx - 6)}" y="${f2(cy - 6)}" width="12" height="12" fill="none" stroke="#9467bd" stroke-width="2"/>`, 28);

  // Legend.
  const lx = MARGIN.left + plotW + 20;
  out.push(`<g class="legend">`);
  fn.series.forEach((s, i) => {
    const ly = MARGIN.top + 10 + i * 20;
    const unpriced = s.points.filter((p) => p.monthlyUsd === null).length;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 20}" y2="${ly}" stroke="${COLORS[s.architecture]}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 26}" y="${ly + 4}">${escapeXml(`${s.architecture}${unpriced > 0 ? ` (${unpriced} no price)` : ""}`)}</text>`);
  });
  const ly = MARGIN.top + 10 + fn.series.length * 20;
  out.push(`<circle cx="${lx + 10}" cy="${ly}" r="6" fill="none" stroke="#111111" stroke-width="2"/><text x="${lx + 26}" y="${ly + 4}">current</text>`);
  out.push(`<path d="M${lx + 10},${ly + 14} L${lx + 16},${ly + 20} L${lx + 10},${ly + 26} L${lx + 4},${ly + 20} Z" fill="none" stroke="#2ca02c" stroke-width="2"/><text x="${lx + 26}" y="${ly + 24}">cheapest</text>`);
  out.push(`<rect x="${lx + 5}" y="${ly + 35}" width="10" height="10" fill="none" stroke="#9467bd" stroke-width="2"/><text x="${lx + 26}" y="${ly + 44}">fastest within budget</text>`);
  out.push(`<path d="M${lx + 6},${ly + 56} L${lx + 14},${ly + 64} M${lx + 6},${ly + 64} L${lx + 14},${ly + 56}" stroke="#555555" stroke-width="1.5"/><text x="${lx + 26}" y="${ly + 64}">no price</text>`);
  out.push(`<circle cx="${lx + 10}" cy="${ly + 80}" r="3" fill="#ffffff" stroke="#555555"/><text x="${lx + 26}" y="${ly + 84}">not eligible</text>`);
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
