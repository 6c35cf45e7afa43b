/**
 * Finding the recorded runs a paper (or talk) directive refers to. The lookups live in the core
 * (core/claims/lookup.ts), shared with the claims evaluator; a PaperReferenceError is the
 * core's DirectiveError (a message and a fix-it hint), so every host reports it at file:line.
 */
export {
  baselineName,
  chooseAnalysisRecord,
  chooseBenchmarkRun,
  DirectiveError as PaperReferenceError,
  parseMetric,
  selectAnalysis,
  selectBenchmark,
  selectVariant,
} from "../../core/claims/lookup.ts";
export { METRICS, type Metric } from "../../core/records/metrics.ts";
export { analyses, benchmarks } from "../../core/records/select.ts";
