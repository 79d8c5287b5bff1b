/**
 * The picture of a failing micrograd check: the learner's graph of the counterexample, drawn
 * as the lecture's draw_dot draws it (a record per value, a small node per operation), with
 * every node's data and grad beside the correct ones (the kit's engine, run on the same code),
 * the wrong values marked with colour and ✘, and the first wrong node on the way back from the
 * output named.
 */
import { instance } from "@viz-js/viz";
import { isClose } from "#kit/expect.ts";
import type { ScenarioValues } from "#kit/scenario.ts";

/** What the picture reads of a Value: anything with a numeric `data` (the learner's or the kit's). */
interface NodeLike {
  readonly data: unknown;
  readonly grad?: unknown;
  readonly op?: unknown;
  readonly label?: unknown;
  readonly prev?: unknown;
}

export function isNodeLike(x: unknown): x is NodeLike {
  return typeof x === "object" && x !== null && "data" in x && typeof x.data === "number";
}

/** A node's inputs as drawn; an input that is not a Value (a raw number in prev) stays as it is. */
function inputsOf(node: NodeLike): unknown[] {
  const prev = node.prev;
  if (prev === undefined || prev === null || typeof prev !== "object") return [];
  return Symbol.iterator in prev ? Array.from(prev as Iterable<unknown>) : [];
}

/** One node of the learner's graph, with its twin in the correct graph when the shapes agree. */
export interface DrawnNode {
  readonly id: string;
  readonly learner: NodeLike;
  readonly correct: NodeLike | undefined;
  /** The scenario's name for it (`a`, `v3`), or the Value's own label. */
  readonly name: string;
  /** How many operations take it as an input (counting a + a twice). */
  uses: number;
  /** Why it is wrong, in words; empty when it is right. */
  readonly wrong: string[];
}

export interface GraphComparison {
  /** In topological order: every node after its inputs. */
  readonly nodes: readonly DrawnNode[];
  /** Inputs that are not Values at all, by the node that holds them. */
  readonly foreign: ReadonlyArray<{
    readonly node: DrawnNode;
    readonly index: number;
    readonly value: unknown;
  }>;
  /** The first wrong node met going back from the output, if any. */
  readonly firstWrong: DrawnNode | undefined;
}

/** The graphs a scenario built: the outputs backward() was called on, then its named Values. */
export interface ScenarioGraph {
  readonly roots: readonly unknown[];
  readonly values: ScenarioValues;
}

/** The Values a scenario declared, by name; arrays of Values (a layer's outputs) one level deep. */
function namedNodes(values: ScenarioValues): Array<[string, NodeLike]> {
  const named: Array<[string, NodeLike]> = [];
  for (const [name, value] of Object.entries(values)) {
    if (isNodeLike(value)) named.push([name, value]);
    else if (Array.isArray(value))
      value.forEach((item, i) => {
        if (isNodeLike(item)) named.push([`${name}[${i}]`, item]);
      });
  }
  return named;
}

function formatValue(x: unknown): string {
  if (typeof x !== "number") return x === undefined ? "—" : String(x);
  if (!Number.isFinite(x)) return String(x);
  return x.toFixed(4);
}

function sameNumber(a: unknown, b: unknown, tolerance: { rtol: number; atol: number }): boolean {
  if (typeof a !== "number" || typeof b !== "number") return a === b;
  return isClose(a, b, tolerance);
}

/**
 * Walks the learner's graph from the same outputs as the correct one, pairing each node with
 * its twin: by the scenario's name for it first (`a`, `out`, `v3`), else by position under a
 * twin of the same operation. A node left without a twin (the learner built that part of the
 * graph differently, which can be right: div as its own operation, or as mul and pow) is drawn
 * with its own values only. `compareOps`: an op label that differs from its twin's is wrong
 * (where labels are what the exercise builds).
 */
export function compareGraphs(
  learner: ScenarioGraph,
  correct: ScenarioGraph,
  options: { readonly compareOps?: boolean } = {},
): GraphComparison {
  const names = new Map<unknown, string>();
  for (const [name, node] of namedNodes(learner.values))
    if (!names.has(node)) names.set(node, name);
  const correctByName = new Map(namedNodes(correct.values));
  // An output that backward() was called on but the code never named is "the output".
  learner.roots.forEach((root, i) => {
    if (!isNodeLike(root) || names.has(root)) return;
    names.set(root, "output");
    const twin = correct.roots[i];
    if (isNodeLike(twin) && !correctByName.has("output")) correctByName.set("output", twin);
  });

  const drawn = new Map<NodeLike, DrawnNode>();
  const order: DrawnNode[] = [];
  const foreign: Array<{ node: DrawnNode; index: number; value: unknown }> = [];
  const visit = (node: NodeLike, structuralTwin: NodeLike | undefined): DrawnNode => {
    const seen = drawn.get(node);
    if (seen) return seen;
    const name = names.get(node);
    const twin = (name === undefined ? undefined : correctByName.get(name)) ?? structuralTwin;
    const wrong: string[] = [];
    const own = {
      id: `n${drawn.size}`,
      learner: node,
      correct: twin,
      name: name ?? (typeof node.label === "string" ? node.label : ""),
      uses: 0,
      wrong,
    };
    drawn.set(node, own);
    const inputs = inputsOf(node);
    const twinInputs = twin ? inputsOf(twin) : [];
    const sameStep =
      twin !== undefined &&
      String(node.op ?? "") === String(twin.op ?? "") &&
      inputs.length === twinInputs.length;
    inputs.forEach((input, i) => {
      if (!isNodeLike(input)) {
        foreign.push({ node: own, index: i, value: input });
        wrong.push(`its input ${i + 1} is ${formatValue(input)}, not a Value`);
        return;
      }
      const twinInput = sameStep && isNodeLike(twinInputs[i]) ? twinInputs[i] : undefined;
      visit(input, twinInput as NodeLike | undefined).uses += 1;
    });
    if (twin !== undefined) {
      if (options.compareOps && String(node.op ?? "") !== String(twin.op ?? ""))
        wrong.push(
          `its op is ${JSON.stringify(node.op ?? "")} where it should be ${JSON.stringify(twin.op ?? "")}`,
        );
      if (!sameNumber(node.data, twin.data, { rtol: 1e-9, atol: 1e-12 }))
        wrong.push(
          `its data is ${formatValue(node.data)} where it should be ${formatValue(twin.data)}`,
        );
      if (!sameNumber(node.grad, twin.grad, { rtol: 1e-6, atol: 1e-9 }))
        wrong.push(
          `its grad is ${formatValue(node.grad)} where it should be ${formatValue(twin.grad)}`,
        );
    }
    order.push(own);
    return own;
  };
  for (const root of learner.roots) if (isNodeLike(root)) visit(root, undefined);
  for (const [, node] of namedNodes(learner.values)) visit(node, undefined);
  const firstWrong = [...order].reverse().find((n) => n.wrong.length > 0);
  return { nodes: order, foreign, firstWrong };
}

/** The sentence under the picture: which node is the first wrong one, and what is wrong with it. */
export function firstWrongSentence(comparison: GraphComparison): string {
  const node = comparison.firstWrong;
  if (!node)
    return "Every node's data and grad in this graph match the correct engine's; the check failed on something the graph does not show (read its message).";
  const what = node.name ? `\`${node.name}\`` : "the unnamed node";
  const kind = node.learner.op ? `the output of ${String(node.learner.op)}` : "a leaf";
  const used = node.uses > 1 ? `, used ${node.uses} times` : "";
  const gradWrong = node.wrong.some((w) => w.startsWith("its grad"));
  // What it feeds is right (it is the first wrong one going back): the fault is in passing back.
  const consumers = comparison.nodes.filter((n) =>
    inputsOf(n.learner).some((input) => input === node.learner),
  );
  const ops = [...new Set(consumers.map((n) => String(n.learner.op ?? "")))].join(" and ");
  const why = !gradWrong
    ? ""
    : node.uses > 1
      ? ` A node used ${node.uses} times gets a contribution from each use: its grad is their sum.`
      : consumers.length > 0
        ? ` What it feeds has the right grad, so the step that passes it back went wrong: the local derivative of ${ops}, or the order (a node must have its whole grad before it passes it on).`
        : node.correct?.grad === 1
          ? " It is the output: backward() starts by setting its grad to 1."
          : "";
  return `Going back from the output, the first wrong node is ${what} (${kind}${used}): ${node.wrong.join("; ")}.${why}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An identifier for the SVG: the node's name when it has a plain one, so a test can find it. */
function svgId(node: DrawnNode): string {
  return /^[\w[\]]+$/.test(node.name) ? `node-${node.name.replace(/[[\]]/g, "_")}` : node.id;
}

const wrongFill = "#f6c9c4";
const wrongInk = "#b0281a";

function cell(text: string, wrong = false): string {
  return wrong
    ? `<td bgcolor="${wrongFill}"><font color="${wrongInk}"><b>${escapeHtml(text)} ✘</b></font></td>`
    : `<td>${escapeHtml(text)}</td>`;
}

function nodeLabel(node: DrawnNode, first: boolean): string {
  const { learner, correct } = node;
  const dataWrong = node.wrong.some((w) => w.startsWith("its data"));
  const gradWrong = node.wrong.some((w) => w.startsWith("its grad"));
  const title = [node.name || " ", node.uses > 1 ? `used ${node.uses}×` : ""]
    .filter((t) => t !== "")
    .join(" · ");
  const rows = [
    `<tr><td colspan="3"><b>${escapeHtml(title)}</b></td></tr>`,
    `<tr><td></td><td>yours</td><td>correct</td></tr>`,
    `<tr><td>data</td>${cell(formatValue(learner.data), dataWrong)}${cell(correct ? formatValue(correct.data) : "?")}</tr>`,
    `<tr><td>grad</td>${cell(formatValue(learner.grad), gradWrong)}${cell(correct ? formatValue(correct.grad) : "?")}</tr>`,
  ];
  if (first)
    rows.unshift(
      `<tr><td colspan="3" bgcolor="${wrongInk}"><font color="white"><b>✘ first wrong node going back</b></font></td></tr>`,
    );
  const border =
    node.wrong.length > 0 ? ` color="${wrongInk}" border="${first ? 3 : 2}"` : ` border="1"`;
  return `<<table${border} cellborder="1" cellspacing="0" cellpadding="3">${rows.join("")}</table>>`;
}

/** The comparison as DOT: left to right, inputs before the operations that use them. */
export function comparisonDot(comparison: GraphComparison, caption: string): string {
  const lines = [
    "digraph G {",
    "  rankdir=LR;",
    `  graph [fontname="Courier", fontsize=12, labelloc=t, label="${caption.replace(/["\\]/g, "\\$&")}"];`,
    '  node [fontname="Courier", fontsize=11];',
  ];
  for (const node of comparison.nodes) {
    const first = node === comparison.firstWrong;
    const classes = [node.wrong.length > 0 ? "wrong" : "right", first ? "first-wrong" : ""]
      .filter((c) => c !== "")
      .join(" ");
    lines.push(
      `  ${node.id} [shape=none, margin=0, id="${svgId(node)}", class="${classes}", label=${nodeLabel(node, first)}];`,
    );
    if (node.learner.op) {
      const op = String(node.learner.op).replace(/["\\]/g, "\\$&");
      const opWrong = node.wrong.some((w) => w.startsWith("its op"));
      const style = opWrong
        ? `, style=filled, fillcolor="${wrongFill}", color="${wrongInk}", penwidth=2, class="wrong"`
        : "";
      const mark = opWrong ? ` ✘ (${String(node.correct?.op ?? "")})` : "";
      lines.push(
        `  ${node.id}_op [shape=circle, margin=0.02${style}, label="${op}${mark.replace(/["\\]/g, "\\$&")}"];`,
      );
      lines.push(`  ${node.id}_op -> ${node.id};`);
    }
  }
  const ids = new Map(comparison.nodes.map((n) => [n.learner, n]));
  for (const node of comparison.nodes) {
    inputsOf(node.learner).forEach((input, i) => {
      const target = node.learner.op ? `${node.id}_op` : node.id;
      const from = isNodeLike(input) ? ids.get(input) : undefined;
      if (from) {
        lines.push(`  ${from.id} -> ${target};`);
        return;
      }
      const raw = `${node.id}_raw${i}`;
      lines.push(
        `  ${raw} [shape=box, style=filled, fillcolor="${wrongFill}", color="${wrongInk}", class="wrong", label="✘ ${formatValue(input).replace(/["\\]/g, "\\$&")}\\n(not a Value)"];`,
      );
      lines.push(`  ${raw} -> ${target};`);
    });
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

export async function comparisonSvg(comparison: GraphComparison, caption: string): Promise<string> {
  const viz = await instance();
  // Graphviz sizes the boxes with Courier's metrics; DejaVu Sans Mono has the same advance
  // width and ships with the kit (see reference/micrograd/draw.ts).
  return (
    viz
      .renderString(comparisonDot(comparison, caption), { format: "svg", engine: "dot" })
      .replaceAll('font-family="Courier,monospace"', 'font-family="DejaVu Sans Mono"')
      // Graphviz writes every "-" as "&#45;"; a plain hyphen is valid XML and keeps the ids readable.
      .replaceAll("&#45;", "-")
  );
}
