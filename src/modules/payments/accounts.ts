import { platformAccount, userAccount, type AccountRef } from '../wallet/index.js';

/** Money collected by gateways and not yet paid out to us: the other side of every card payment. */
export const gatewayClearing = (): AccountRef => platformAccount('gateway_clearing');

/** The payer's own wallet: the provider wallet for providers paying a debt, else the customer wallet. */
export const payerWallet = (userId: string, provider: boolean): AccountRef => userAccount(userId, provider ? 'provider_wallet' : 'customer_wallet');

export const platformRevenue = (): AccountRef => platformAccount('platform_revenue');
export const penaltyRevenue = (): AccountRef => platformAccount('penalty_revenue');
