/**
 * Inline statistics for the paper, the talk and the front page: `:stat{suite=story
 * variant=quiet field=median}` becomes "1,234 ms". The resolver lives in the core
 * (core/claims/stat.ts) because the claims evaluator and the bench's "figures affected" report
 * need exactly the same numbers; the site imports it from here.
 */
export {
  BARE_COMPARISON_FIELDS,
  INTERVAL_FIELDS,
  resolveStat,
  STAT_FIELDS,
  type QuotedStat,
  type StatAttributes,
  type StatContext,
} from "../../core/claims/stat.ts";
