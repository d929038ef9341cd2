import type { MessageKey } from '../../i18n';

export const ROLES = ['customer', 'provider', 'ops_agent', 'ops_admin', 'finance'] as const;
export const PROVIDER_KINDS = ['driver', 'courier', 'mover_company', 'assistant'] as const;

export const ROLE_LABEL: Record<string, MessageKey> = {
  customer: 'role.customer', provider: 'role.provider', ops_agent: 'role.ops_agent', ops_admin: 'role.ops_admin', finance: 'role.finance',
};

export const ACTION_LABEL: Record<string, MessageKey> = {
  'user.block': 'audit.action.userBlock',
  'user.unblock': 'audit.action.userUnblock',
  'user.roles.set': 'audit.action.rolesSet',
  'settings.set': 'audit.action.settingsSet',
  'terms.publish': 'audit.action.termsPublish',
  'ledger.adjustment': 'audit.action.ledgerAdjustment',
  'settlement.approved': 'audit.action.settlementApproved',
  'settlement.rejected': 'audit.action.settlementRejected',
  'settlement.paid': 'audit.action.settlementPaid',
  'promotion.create': 'audit.action.promotionCreate',
  'promotion.update': 'audit.action.promotionUpdate',
  'promotion.suspend': 'audit.action.promotionSuspend',
  'promotion.resume': 'audit.action.promotionResume',
  'promotion.cancel': 'audit.action.promotionCancel',
  'payment_link.create': 'audit.action.linkCreate',
  'payment_link.cancel': 'audit.action.linkCancel',
  'payment_link.charge_from_balance': 'audit.action.linkFromBalance',
};

export const TARGET_LABEL: Record<string, MessageKey> = {
  user: 'audit.target.user', setting: 'audit.target.setting', terms: 'audit.target.terms',
  ledger_account: 'audit.target.ledgerAccount', settlement_request: 'audit.target.settlement', promotion: 'audit.target.promotion', payment_link: 'audit.target.paymentLink',
};
