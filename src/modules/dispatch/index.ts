/**
 * Dispatch (ORD-11 offer loop, PRV-7, PRV-12): offers a searching order to providers one round at
 * a time; the batch assignment algorithms live in ./assignment (issue 4, helper F).
 */
export { DispatchService, offerView } from './dispatch.service.js';
export { registerDispatchRoutes } from './dispatch.routes.js';
