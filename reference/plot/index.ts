export { bigramHeatmap } from "./heatmap.ts";
export { type LineChart, lineChart, type Series } from "./line.ts";
export { maskImage } from "./mask.ts";
export { svgToPng } from "./png.ts";
export { embeddingScatter } from "./scatter.ts";
