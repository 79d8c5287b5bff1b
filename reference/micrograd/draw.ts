/**
 * The graph of a Value, drawn like the lecture's draw_dot: a record per value
 * ("label | data 2.0000 | grad 0.0000"), a small node per operation, left to right.
 * As DOT text, as SVG (Graphviz compiled to wasm) and as PNG:
 *
 *   writeFileSync("out/graph.png", await toPng(out));
 */
import { instance } from "@viz-js/viz";
import { svgToPng } from "../plot/png.ts";
import { topologicalOrder } from "./engine.ts";

/** What a drawing needs of a Value: the kit's, or the one you wrote in exercises 2-4. */
export interface GraphNode {
  readonly data: number;
  readonly grad: number;
  readonly label: string;
  readonly op: string;
  readonly prev: Iterable<GraphNode>;
}

function escapeRecord(text: string): string {
  return text.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

export function toDot(root: GraphNode): string {
  const nodes = topologicalOrder(root);
  const id = new Map(nodes.map((n, i) => [n, `v${i}`]));
  const lines = ["digraph G {", "  rankdir=LR;", '  node [fontname="Courier", fontsize=11];'];
  for (const node of nodes) {
    const name = id.get(node)!;
    const label = `${escapeRecord(node.label)} | data ${node.data.toFixed(4)} | grad ${node.grad.toFixed(4)}`;
    lines.push(`  ${name} [shape=record, label="{ ${label} }"];`);
    if (node.op) {
      lines.push(`  ${name}_op [shape=circle, margin=0.02, label="${escapeRecord(node.op)}"];`);
      lines.push(`  ${name}_op -> ${name};`);
    }
  }
  for (const node of nodes) {
    for (const child of node.prev) lines.push(`  ${id.get(child)} -> ${id.get(node)}_op;`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

export async function toSvg(root: GraphNode): Promise<string> {
  const viz = await instance();
  // Graphviz sizes the boxes with Courier's metrics; DejaVu Sans Mono has the same advance
  // width and ships with the kit, so the text fits its boxes on every machine.
  return viz
    .renderString(toDot(root), { format: "svg", engine: "dot" })
    .replaceAll('font-family="Courier,monospace"', 'font-family="DejaVu Sans Mono"');
}

/** `scale` 2 draws every SVG point as two pixels, so the text stays sharp at any graph size. */
export async function toPng(root: GraphNode, options: { scale?: number } = {}): Promise<Buffer> {
  const svg = await toSvg(root);
  const points = Number(/<svg[^>]*\swidth="([\d.]+)pt"/.exec(svg)?.[1] ?? 700);
  return svgToPng(svg, { width: Math.round(points * (options.scale ?? 2)) });
}
