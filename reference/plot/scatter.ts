/**
 * The lecture's picture of a 2-D character embedding: one disc per character with the
 * character written in it, so that letters the network treats alike sit close together.
 * Where discs would cover each other (a trained embedding packs most consonants into one
 * corner), they are pushed apart just enough to be read, and a line leads from each moved
 * disc back to a small dot at its true position.
 */
import { extent, niceTicks, round, svgDocument, text } from "./svg.ts";

const RADIUS = 12;

export function embeddingScatter(
  points: readonly (readonly [number, number])[],
  labels: readonly string[],
  title = "Character embeddings (2-D)",
): string {
  const size = 720;
  const margin = 60;
  const plot = size - 2 * margin;
  const [xMin, xMax] = extent(points.map((p) => p[0]));
  const [yMin, yMax] = extent(points.map((p) => p[1]));
  const span = Math.max(xMax - xMin, yMax - yMin, 1e-6) * 1.15;
  const cx = (xMax + xMin) / 2;
  const cy = (yMax + yMin) / 2;
  const [xLo, yLo] = [cx - span / 2, cy - span / 2];
  const px = (x: number) => margin + ((x - xLo) / span) * plot;
  const py = (y: number) => margin + (1 - (y - yLo) / span) * plot;
  const body: string[] = [];
  for (const t of niceTicks(xLo, xLo + span)) {
    body.push(
      `<line x1="${round(px(t))}" x2="${round(px(t))}" y1="${margin}" y2="${margin + plot}" stroke="#ddd"/>`,
    );
    body.push(
      text(px(t), margin + plot + 18, String(t), { "text-anchor": "middle", "font-size": 12 }),
    );
  }
  for (const t of niceTicks(yLo, yLo + span)) {
    body.push(
      `<line x1="${margin}" x2="${margin + plot}" y1="${round(py(t))}" y2="${round(py(t))}" stroke="#ddd"/>`,
    );
    body.push(text(margin - 8, py(t) + 4, String(t), { "text-anchor": "end", "font-size": 12 }));
  }
  const anchors = points.map(([x, y]) => [px(x), py(y)] as const);
  const discs = spreadDiscs(anchors, RADIUS + 1, [margin + RADIUS, margin + plot - RADIUS]);
  anchors.forEach(([x, y], i) => {
    const [dx, dy] = discs[i]!;
    if (Math.hypot(dx - x, dy - y) < RADIUS / 2) return;
    body.push(`<circle cx="${round(x)}" cy="${round(y)}" r="2.5" fill="#1f77b4"/>`);
    body.push(
      `<line x1="${round(x)}" y1="${round(y)}" x2="${round(dx)}" y2="${round(dy)}" stroke="#1f77b4" stroke-width="1"/>`,
    );
  });
  discs.forEach(([x, y], i) => {
    body.push(`<circle cx="${round(x)}" cy="${round(y)}" r="${RADIUS}" fill="#1f77b4"/>`);
    body.push(
      text(x, y + 5, labels[i] ?? "?", { "text-anchor": "middle", "font-size": 14, fill: "white" }),
    );
  });
  body.push(
    `<rect x="${margin}" y="${margin}" width="${plot}" height="${plot}" fill="none" stroke="#333"/>`,
  );
  body.push(
    text(size / 2, 30, title, { "text-anchor": "middle", "font-size": 16, "font-weight": "bold" }),
  );
  body.push(
    text(
      size / 2,
      size - 14,
      "crowded letters are moved apart; a line leads to the true position",
      {
        "text-anchor": "middle",
        "font-size": 11,
        fill: "#666",
      },
    ),
  );
  return svgDocument(size, size, body);
}

/**
 * Disc centres near `anchors` that do not overlap (at least 2·`radius` apart where that can be
 * had), kept inside [lo, hi] on both axes: pairs that overlap are pushed apart, and every disc
 * is pulled gently back towards its anchor. Deterministic, so the same embedding draws the same
 * picture.
 */
export function spreadDiscs(
  anchors: readonly (readonly [number, number])[],
  radius: number,
  [lo, hi]: readonly [number, number],
): [number, number][] {
  const at = anchors.map(([x, y]) => [x, y] as [number, number]);
  const gap = 2 * radius;
  for (let round = 0; round < 400; round++) {
    // Pulled back first, pushed apart second: the last round leaves no overlap it could mend.
    for (let i = 0; i < at.length; i++) {
      const p = at[i]!;
      const [ax, ay] = anchors[i]!;
      p[0] += (ax - p[0]) * 0.02;
      p[1] += (ay - p[1]) * 0.02;
    }
    let moved = false;
    for (let i = 0; i < at.length; i++) {
      for (let j = i + 1; j < at.length; j++) {
        const a = at[i]!;
        const b = at[j]!;
        let dx = b[0] - a[0];
        let dy = b[1] - a[1];
        let distance = Math.hypot(dx, dy);
        if (distance >= gap) continue;
        if (distance < 1e-9) {
          // Discs on the same spot part in a direction fixed by their indices.
          const angle = (i * 7 + j * 13) % 360;
          dx = Math.cos((angle * Math.PI) / 180);
          dy = Math.sin((angle * Math.PI) / 180);
          distance = 1;
        }
        const push = (gap - Math.hypot(b[0] - a[0], b[1] - a[1])) / 2 + 0.01;
        a[0] -= (dx / distance) * push;
        a[1] -= (dy / distance) * push;
        b[0] += (dx / distance) * push;
        b[1] += (dy / distance) * push;
        for (const p of [a, b]) {
          p[0] = Math.min(hi, Math.max(lo, p[0]));
          p[1] = Math.min(hi, Math.max(lo, p[1]));
        }
        moved = true;
      }
    }
    if (!moved) break;
  }
  return at;
}
