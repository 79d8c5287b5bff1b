/** The kit's own JSON report: the results model as it is. */
import type { GradeReport } from "./model.ts";

export function toJson(report: GradeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
