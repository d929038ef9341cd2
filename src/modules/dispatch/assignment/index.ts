/** Batch assignment for dispatch (issue 4, batch mode): optimal min-cost matching and the batch planner. */
export { assignMinCost, assignGreedy, assignmentCost } from './lap.js';
export { planBatch, planBatchFromCandidates, defaultBatchCost } from './batch-planner.js';
export type { BatchOrder, BatchProvider, BatchCostFn, BatchPlanInput, BatchPair, BatchPlan, CandidateOrder } from './batch-planner.js';
