/** ORD-11 service eligibility rules. Other modules import only from here. */
export { EligibilityService, type EligibilityInput, type EligibilityResult, type SubjectInput, type AttributeSource, type Subject } from './eligibility.service.js';
export { conditionHolds, ruleMatches, CONDITION_OPS, type Condition, type ConditionOp, type Attributes } from './eligibility.rules.js';
export { EligibilityErrors } from './eligibility.errors.js';
export { registerEligibilityOpsRoutes } from './eligibility.routes.js';
