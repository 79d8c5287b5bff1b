/**
 * A true/false matrix as the lecture's `plt.imshow(h.abs() > 0.99, cmap='gray')`: one pixel
 * block per element, white where true, black where false.
 */
import { svgDocument, text } from "./svg.ts";

export function maskImage(mask: readonly (readonly boolean[])[], title: string, cell = 4): string {
  const rows = mask.length;
  const columns = mask[0]?.length ?? 0;
  const left = 20;
  const top = 40;
  const width = columns * cell + 2 * left;
  const height = rows * cell + top + 20;
  const body = [
    `<rect x="${left}" y="${top}" width="${columns * cell}" height="${rows * cell}" fill="black"/>`,
  ];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      if (mask[i]![j])
        body.push(
          `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="white"/>`,
        );
    }
  }
  body.push(text(width / 2, 24, title, { "text-anchor": "middle", "font-size": 14 }));
  return svgDocument(width, height, body);
}
