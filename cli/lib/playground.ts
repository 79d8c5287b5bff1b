/**
 * The playground's one import (`import { words, yours, plot, hist, imshow } from "#playground"`):
 * what a notebook cell of the lectures has at hand. `words()` is names.txt, `yours(8)` is what
 * exercise 8's files export (the kit's function wherever yours is still a stub, said once), and
 * `plot`, `hist` and `imshow` are matplotlib's three pictures, written as PNG (and SVG) in out/
 * with their path printed. Run a file with `npm run try [FILE]`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { exerciseByNumber } from "#course/curriculum.ts";
import { repoRoot } from "#kit/paths.ts";
import { ensureNames, loadWords } from "#reference/makemore/data.ts";
import { lineChart, svgToPng } from "#reference/plot/index.ts";
import { extent, niceTicks, round, svgDocument, text } from "#reference/plot/svg.ts";
import { Tensor } from "#reference/tensor/index.ts";
import { kitAnswer, learnerModule, type Module } from "./learner-modules.ts";
import { type AnyFunction, withFallback } from "./mine.ts";
import { heatmap } from "./pictures/tensor.ts";

/** The 32,033 names of names.txt (fetched into data/ on first use), one string each. */
export async function words(): Promise<string[]> {
  return loadWords(await ensureNames());
}

/** What an exercise's files export; the names are the stub's. */
// biome-ignore lint/suspicious/noExplicitAny: the exports are whatever the learner's files declare.
export type Exports = Record<string, any>;

/**
 * Everything exercise `number`'s files export, yours: `const { countBigrams } = await yours(8)`.
 * A function you have not written yet (it stops at a todo()) is the kit's instead, and a line
 * says so the first time it runs, so a scratch file works from the first exercise on.
 */
export async function yours(number: number): Promise<Exports> {
  const exercise = exerciseByNumber(number);
  if (!exercise) throw new Error(`There is no exercise ${number}.`);
  const kit = await kitAnswer(exercise);
  const exports: Module = {};
  for (const file of exercise.files) {
    const module = await learnerModule(exercise, file, { fresh: true });
    for (const [name, value] of Object.entries(module)) {
      const fallback = kit[name];
      exports[name] =
        typeof value === "function" && typeof fallback === "function" && !isClass(value)
          ? withFallback(
              `${name} (exercise ${number})`,
              value as AnyFunction,
              fallback as AnyFunction,
              (line) => console.log(line),
            )
          : value;
    }
  }
  return exports;
}

function isClass(f: unknown): boolean {
  return typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));
}

/** Where the pictures go: out/ (GRADLINGS_OUT to put them elsewhere). */
function outDir(): string {
  return process.env["GRADLINGS_OUT"] ?? join(repoRoot, "out");
}

const used = new Map<string, number>();

/** A picture's file name: its `name`, else its title in lower-case words joined by "-". */
function fileName(options: PictureOptions, fallback: string): string {
  const fromTitle = options.title
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return options.name ?? (fromTitle || fallback);
}

/** Writes `svg` as NAME.svg and NAME.png in out/ (NAME-2, NAME-3 for the same name again). */
function save(name: string, svg: string, width?: number): string {
  const n = (used.get(name) ?? 0) + 1;
  used.set(name, n);
  const base = join(outDir(), n === 1 ? name : `${name}-${n}`);
  mkdirSync(outDir(), { recursive: true });
  writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.png`, svgToPng(svg, width === undefined ? {} : { width }));
  const path = relative(process.cwd(), `${base}.png`);
  console.log(`${name}: ${path}`);
  return `${base}.png`;
}

function numbers(values: readonly number[] | Tensor): number[] {
  if (values instanceof Tensor) return Array.from(values.data.view(-1).tolist() as number[]);
  return [...values];
}

export interface PictureOptions {
  /** The picture's title, and its file's name unless `name` is given. */
  readonly title?: string;
  /** The file's name in out/, without extension. */
  readonly name?: string;
}

/** `plt.plot(ys)`: a line through the values, the step on the x axis. Returns the PNG's path. */
export function plot(
  ys: readonly number[] | Tensor,
  options: PictureOptions & { readonly x?: readonly number[]; readonly yLabel?: string } = {},
): string {
  const y = numbers(ys);
  const x = options.x ? [...options.x] : y.map((_, i) => i);
  const svg = lineChart({
    title: options.title ?? "",
    xLabel: options.x ? "x" : "step",
    yLabel: options.yLabel ?? "",
    series: [{ x, y }],
  });
  return save(fileName(options, "plot"), svg);
}

/** `plt.hist(values, bins)`: how many values fall in each of `bins` equal ranges. */
export function hist(
  values: readonly number[] | Tensor,
  options: PictureOptions & { readonly bins?: number } = {},
): string {
  const xs = numbers(values).filter(Number.isFinite);
  const bins = options.bins ?? 50;
  let [lo, hi] = extent(xs);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
  const counts = new Array<number>(bins).fill(0);
  for (const v of xs) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]! += 1;
  const [width, height, left, right, top, bottom] = [800, 500, 70, 20, 40, 55];
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const most = Math.max(1, ...counts);
  const px = (x: number) => left + ((x - lo) / (hi - lo)) * plotWidth;
  const py = (c: number) => top + (1 - c / most) * plotHeight;
  const body: string[] = [
    text(width / 2, 24, options.title ?? `${xs.length} values in ${bins} bins`, {
      "text-anchor": "middle",
      "font-size": 15,
    }),
  ];
  for (const t of niceTicks(0, most)) {
    body.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${round(py(t))}" y2="${round(py(t))}" stroke="#e5e5e5"/>`,
      text(left - 8, py(t) + 4, String(t), { "text-anchor": "end", "font-size": 12, fill: "#333" }),
    );
  }
  counts.forEach((c, i) => {
    const x0 = px(lo + ((hi - lo) * i) / bins);
    const x1 = px(lo + ((hi - lo) * (i + 1)) / bins);
    body.push(
      `<rect x="${round(x0)}" y="${round(py(c))}" width="${round(Math.max(0.5, x1 - x0 - 0.5))}" height="${round(py(0) - py(c))}" fill="#1f77b4"/>`,
    );
  });
  for (const t of niceTicks(lo, hi))
    body.push(
      text(px(t), top + plotHeight + 18, String(t), {
        "text-anchor": "middle",
        "font-size": 12,
        fill: "#333",
      }),
    );
  return save(fileName(options, "hist"), svgDocument(width, height, body));
}

/**
 * `plt.imshow(M)`: a matrix (a 2-D tensor or rows of numbers) as shaded cells, with the
 * values written in when the cells are big enough. `labels` names the rows and columns (itos).
 */
export function imshow(
  matrix: Tensor | readonly (readonly number[])[],
  options: PictureOptions & { readonly labels?: readonly string[] } = {},
): string {
  let rows: number[][];
  if (matrix instanceof Tensor) {
    if (matrix.ndim > 2)
      throw new Error(`imshow draws a matrix; this tensor has shape [${matrix.shape.join(", ")}].`);
    const m = matrix.data.float();
    rows = (m.ndim === 2 ? m : m.view(1, -1)).tolist() as number[][];
  } else rows = matrix.map((r) => [...r]);
  const integers = rows.every((r) => r.every(Number.isInteger));
  const labels = options.labels ? [...options.labels] : undefined;
  const svg = heatmap(
    [{ title: "", matrix: rows, wrong: () => false }],
    labels?.length === rows.length ? labels : undefined,
    labels?.length === rows[0]?.length ? labels : undefined,
    options.title ?? `[${rows.length}, ${rows[0]?.length ?? 0}]`,
    integers,
    { legend: false },
  );
  return save(fileName(options, "imshow"), svg);
}
