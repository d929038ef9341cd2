/**
 * PRV-6 equipment shop. Other modules import only from here; `ShopService.equipmentReceivedAtSignupRials(tx, userId)`
 * gives the PRV-5 guarantee-return charge base.
 */
export { ShopService, type ItemInput, type ConfirmInput, type OrderDetail } from './shop.service.js';
export { ShopErrors } from './shop.errors.js';
export type { ProviderSelfServiceDeps } from './shop.deps.js';
export type { ShopItemRow, ShopOrderRow, ShopOrderLineRow, ShopOrderStatus } from './shop.tables.js';
export { shopItems } from './shop.tables.js';
export { registerShopRoutes, registerShopOpsRoutes } from './shop.routes.js';
