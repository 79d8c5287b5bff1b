/**
 * The graph of a Value, drawn like the lecture's draw_dot: a record per value
 * ("label | data 2.0000 | grad 0.0000"), a small node per operation, left to right.
 * As DOT text, as SVG (Graphviz compiled to wasm) and as PNG.
 */
import { instance } from "@viz-js/viz";
import { svgToPng } from "../plot/png.ts";
import { topologicalOrder, type Value } from "./engine.ts";

function escapeRecord(text: string): string {
  return text.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

export function toDot(root: Value): string {
  const nodes = topologicalOrder(root);
  const id = new Map(nodes.map((n, i) => [n, `v${i}`]));
  const lines = ["digraph G {", "  rankdir=LR;", '  node [fontname="Courier", fontsize=11];'];
  for (const node of nodes) {
    const name = id.get(node)!;
    const label = `${escapeRecord(node.label)} | data ${node.data.toFixed(4)} | grad ${node.grad.toFixed(4)}`;
    lines.push(`  ${name} [shape=record, label="{ ${label} }"];`);
    if (node.op) {
      lines.push(`  ${name}_op [shape=ellipse, label="${escapeRecord(node.op)}"];`);
      lines.push(`  ${name}_op -> ${name};`);
    }
  }
  for (const node of nodes) {
    for (const child of node.prev) lines.push(`  ${id.get(child)} -> ${id.get(node)}_op;`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

export async function toSvg(root: Value): Promise<string> {
  const viz = await instance();
  // Graphviz sizes the boxes with Courier's metrics; DejaVu Sans Mono has the same advance
  // width and ships with the kit, so the text fits its boxes on every machine.
  return viz
    .renderString(toDot(root), { format: "svg", engine: "dot" })
    .replaceAll('font-family="Courier,monospace"', 'font-family="DejaVu Sans Mono"');
}

export async function toPng(root: Value): Promise<Buffer> {
  return svgToPng(await toSvg(root), { width: 1400 });
}
