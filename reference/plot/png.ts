/** SVG to PNG with resvg (its binary ships in the npm package), using the kit's own fonts. */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";

const require = createRequire(import.meta.url);

function fontFiles(): string[] {
  try {
    const folder = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    return ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"].map((f) =>
      join(folder, f),
    );
  } catch {
    return [];
  }
}

export function svgToPng(svg: string, options: { width?: number } = {}): Buffer {
  const resvg = new Resvg(svg, {
    background: "white",
    ...(options.width === undefined ? {} : { fitTo: { mode: "width", value: options.width } }),
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
