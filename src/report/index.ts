// The HTML report and the evaluation outputs it reads (library entry points; the CLI is in src/cli/commands/report.ts).
import type { EvaluationReport } from "../evaluate/evaluate.js";
import { evaluationChartData, evaluationJson } from "./evaluationData.js";
import type { EvaluationInput } from "./inputs.js";

export { renderReport, costLabel, formatCell, TABLE_COLUMNS } from "./html.js";
export { readReportInput, localityFrom } from "./inputs.js";
export type { ReportInput, EvaluationInput, ShrinkInput, LocalityInput, SearchInput } from "./inputs.js";
export { searchSection } from "./searchSection.js";
export { evaluationChartData, evaluationFiles, evaluationJson, methodSpaces, COST_BINS } from "./evaluationData.js";
export type { EvaluationChartData, EdfPoints } from "./evaluationData.js";

/** The report input of an evaluation run in this process, exactly as `report DIR` would read it back from `--out DIR`. */
export function evaluationInput(report: EvaluationReport, source: string): EvaluationInput {
  return {
    kind: "evaluation", source,
    table: JSON.parse(evaluationJson(report)) as EvaluationReport,
    charts: JSON.parse(JSON.stringify(evaluationChartData(report))),
  };
}
