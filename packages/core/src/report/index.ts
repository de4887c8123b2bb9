/** Reports: model summaries, training charts (SVG and PNG) and a self-contained HTML report. */
export {
  type ConfusionMatrixOptions,
  confusionMatrixSvg,
} from './confusion-matrix';
export { escapeMarkup } from './escape';
export {
  type ClassMetrics,
  type HtmlReportInput,
  htmlReport,
  type RunMeta,
  writeHtmlReport,
} from './html';
export { type LearningCurvesOptions, learningCurvesSvg } from './learning-curves';
export { confusionMatrixPng, learningCurvesPng, writePng } from './png';
export { type ModelSummaryTable, modelSummary, modelSummaryRows, type SummaryRow } from './summary';
