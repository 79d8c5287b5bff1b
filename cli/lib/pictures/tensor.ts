/**
 * The picture of a failing makemore check: the first tensor of the counterexample that comes
 * out differently with the learner's code (a count table, probabilities, softmax rows, the
 * gradient of W), as a heatmap beside the correct one, on one colour scale, with every entry
 * that differs outlined in red and marked ✘.
 */
import type { ScenarioValues } from "#kit/scenario.ts";
import { blues, extent, svgDocument, text } from "#reference/plot/svg.ts";
import { Tensor } from "#reference/tensor/index.ts";

/** The exercises whose failures are drawn as heatmaps (by id), and what their tables are. */
export const tensorExercises: Readonly<Record<string, string>> = {
  "bigram-counts": "the count table",
  sampling: "the probabilities",
  softmax: "the softmax rows",
  "neural-bigram": "the gradient of W",
};

type Matrix = number[][];

function asMatrix(t: Tensor): Matrix | undefined {
  if (t.ndim === 2)
    return Array.from({ length: t.shape[0]! }, (_, i) =>
      Array.from({ length: t.shape[1]! }, (_, j) => t.get(i, j)),
    );
  if (t.ndim === 1) return [Array.from({ length: t.shape[0]! }, (_, j) => t.get(j))];
  if (t.ndim === 0) return [[t.item()]];
  return undefined;
}

function differs(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return !(Number.isNaN(a) && Number.isNaN(b));
  if (!Number.isFinite(b)) return a !== b;
  // float32 results: a learner's order of operations may differ from the kit's in the last bits.
  return Math.abs(a - b) > 1e-6 + 1e-4 * Math.abs(b);
}

interface Candidate {
  readonly name: string;
  readonly mine: Tensor;
  readonly correct: Tensor;
}

/** The scenario's tensors and their gradients, in the order it declared them. */
function candidates(mine: ScenarioValues, correct: ScenarioValues): Candidate[] {
  const found: Candidate[] = [];
  for (const [name, value] of Object.entries(mine)) {
    const twin = correct[name];
    if (!(value instanceof Tensor) || !(twin instanceof Tensor)) continue;
    found.push({ name, mine: value, correct: twin });
    if (value.grad instanceof Tensor && twin.grad instanceof Tensor)
      found.push({ name: `${name}.grad`, mine: value.grad, correct: twin.grad });
  }
  // A table before a single number: the gradient of W shows more than the loss it came from.
  return [...found.filter((c) => c.mine.numel() > 1), ...found.filter((c) => c.mine.numel() <= 1)];
}

/** Row and column names: characters when the scenario has the vocabulary and the sizes fit. */
function axisNames(values: ScenarioValues, size: number): string[] | undefined {
  const itos = values["itos"];
  if (Array.isArray(itos) && itos.length === size && itos.every((c) => typeof c === "string"))
    return itos as string[];
  const stoi = values["stoi"];
  if (stoi instanceof Map && stoi.size === size) {
    const names: string[] = [];
    for (const [c, i] of stoi as Map<string, number>) names[i] = c;
    return names;
  }
  return undefined;
}

function formatEntry(x: number, integers: boolean): string {
  if (!Number.isFinite(x)) return String(x);
  if (integers) return String(x);
  const fixed = Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
  return fixed === "-0.00" ? "0.00" : fixed;
}

export interface Panel {
  readonly title: string;
  readonly matrix: Matrix;
  readonly wrong: (i: number, j: number) => boolean;
}

const legend =
  "Red outline and ✘: an entry that differs from the correct one. One colour scale for both.";

/** Heatmaps side by side on one colour scale (the playground's imshow draws one). */
export function heatmap(
  panels: readonly Panel[],
  rows: string[] | undefined,
  columns: string[] | undefined,
  caption: string,
  integers: boolean,
  options: { readonly legend?: boolean } = {},
): string {
  const withLegend = options.legend ?? true;
  const cellsAcross = Math.max(...panels.map((p) => p.matrix[0]?.length ?? 0));
  const cellsDown = Math.max(...panels.map((p) => p.matrix.length));
  const cell = cellsAcross > 30 || cellsDown > 30 ? 10 : 30;
  const withText = cell >= 30;
  const margin = 30;
  const gap = 40;
  const top = 60;
  // Wide enough for the titles and the caption, whatever the table's size (about 7.5 px a character).
  const titleWidth = Math.max(...panels.map((p) => p.title.length)) * 7.5;
  const panelWidth = Math.max(cellsAcross * cell, titleWidth);
  const width = Math.max(
    margin * 2 + panels.length * panelWidth + (panels.length - 1) * gap,
    margin * 2 + caption.length * 8,
    withLegend ? margin * 2 + legend.length * 6 : 0,
  );
  const height = top + cellsDown * cell + margin + 20;
  const [least, most] = extent(panels.flatMap((p) => p.matrix.flat()));
  const lo = Math.min(0, Number.isFinite(least) ? least : 0);
  const hi = Math.max(Number.isFinite(most) ? most : 0, lo + 1e-12);
  const body = [text(margin, 22, caption, { "font-size": 13, "font-weight": "bold" })];
  panels.forEach((panel, k) => {
    const left = margin + k * (panelWidth + gap);
    body.push(text(left, top - 12, panel.title, { "font-size": 12, "font-weight": "bold" }));
    panel.matrix.forEach((row, i) => {
      if (rows?.[i] !== undefined && k === 0)
        body.push(
          text(left - 6, top + i * cell + cell / 2 + 4, rows[i]!, {
            "text-anchor": "end",
            "font-size": 10,
          }),
        );
      row.forEach((value, j) => {
        const x = left + j * cell;
        const y = top + i * cell;
        const shade = Number.isFinite(value) ? (value - lo) / (hi - lo) : 1;
        const wrong = panel.wrong(i, j);
        body.push(
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blues(shade)}"${wrong ? ` class="wrong" data-row="${i}" data-column="${j}"` : ""}/>`,
        );
        if (withText) {
          const ink = shade > 0.55 ? "#f0f0f0" : "#444444";
          body.push(
            text(x + cell / 2, y + cell / 2 + (wrong ? 0 : 4), formatEntry(value, integers), {
              "text-anchor": "middle",
              "font-size": 9,
              fill: ink,
            }),
          );
        }
        if (wrong) {
          body.push(
            `<rect x="${x + 1}" y="${y + 1}" width="${cell - 2}" height="${cell - 2}" fill="none" stroke="#d62728" stroke-width="2"/>`,
          );
          if (withText)
            body.push(
              text(x + cell / 2, y + cell - 4, "✘", {
                "text-anchor": "middle",
                "font-size": 9,
                fill: "#d62728",
              }),
            );
        }
      });
    });
    for (const [j, c] of (columns ?? []).entries())
      body.push(
        text(left + j * cell + cell / 2, top + cellsDown * cell + 14, c, {
          "text-anchor": "middle",
          "font-size": 10,
        }),
      );
  });
  if (withLegend) body.push(text(margin, height - 6, legend, { "font-size": 10, fill: "#555555" }));
  return svgDocument(width, height, body);
}

/** The first tensor that differs, drawn; or why nothing is drawn. */
export function compareTensors(
  mine: ScenarioValues,
  correct: ScenarioValues,
  caption: string,
): { svg: string; sentence: string } | { why: string } {
  for (const { name, mine: got, correct: want } of candidates(mine, correct)) {
    const a = asMatrix(got);
    const b = asMatrix(want);
    if (!a || !b) continue;
    const sameShape = got.shape.join() === want.shape.join();
    const wrongAt = (i: number, j: number) => sameShape && differs(a[i]![j]!, b[i]![j]!);
    let count = 0;
    let first: [number, number] | undefined;
    if (sameShape)
      for (let i = 0; i < a.length; i++)
        for (let j = 0; j < a[i]!.length; j++) {
          if (!wrongAt(i, j)) continue;
          count += 1;
          first ??= [i, j];
        }
    const floating = (t: Tensor) => t.dtype.startsWith("float");
    const sameKind = floating(got) === floating(want);
    if (sameShape && count === 0 && sameKind) continue;
    const rowNames = axisNames(mine, a.length);
    const columnNames = axisNames(mine, a[0]?.length ?? 0);
    const integers = !/^float/.test(got.dtype) && !/^float/.test(want.dtype);
    const svg = heatmap(
      [
        {
          title: `yours: ${name}  [${got.shape.join(", ")}] ${got.dtype}`,
          matrix: a,
          wrong: wrongAt,
        },
        {
          title: `correct: ${name}  [${want.shape.join(", ")}] ${want.dtype}`,
          matrix: b,
          wrong: () => false,
        },
      ],
      got.ndim === 2 ? rowNames : undefined,
      columnNames,
      caption,
      integers,
    );
    const where = (i: number, j: number) => {
      const index = got.ndim === 2 ? `${i}, ${j}` : `${j}`;
      const pair =
        rowNames && columnNames && got.ndim === 2
          ? ` (the pair "${rowNames[i]}${columnNames[j]}")`
          : "";
      return `${name}[${index}]${pair}`;
    };
    const exact = (x: number) => (integers ? String(x) : String(Number(x.toPrecision(5))));
    const sentence =
      !sameKind && count === 0 && sameShape
        ? `${name} has the right values, but as ${got.dtype} where the correct one is ${want.dtype}.`
        : !sameShape
          ? `${name} has shape [${got.shape.join(", ")}] where the correct one has [${want.shape.join(", ")}].`
          : got.numel() === 1
            ? `${name} is ${exact(a[0]![0]!)} where it should be ${exact(b[0]![0]!)}.`
            : `${name} differs from the correct one in ${count} of ${got.numel()} entries; the first is ${where(...first!)}: yours is ${exact(a[first![0]]![first![1]]!)}, the correct one ${exact(b[first![0]]![first![1]]!)}.`;
    return { svg, sentence };
  }
  return {
    why: "The failing check's tensors come out the same as the correct ones, so the picture would show nothing wrong; read the check's message.",
  };
}
