import { validation } from '../../platform/errors.js';
import type { SettingsService } from '../catalog/settings.service.js';
import { SETTINGS, type Tariff } from '../catalog/settings.definitions.js';
import type { Actor } from '../ops/audit.service.js';
import { PricingErrors as E } from './pricing.errors.js';
import type { Places } from './pricing.places.js';

/**
 * ORD-2 tariffs per city and service, kept in the settings store (`pricing.tariffs`, a map by
 * service code per scope) so ops changes are validated and audited there; and the fees orders
 * need (ORD-5, ORD-6, PAY-3): the tariff's own value, else the general setting.
 */
export class TariffBook {
  constructor(private readonly settings: SettingsService, private readonly places: Places) {}

  /** The tariff of a service in a city: the city's entry, else the global one, else the shipped default. */
  tariff(cityId: string, serviceCode: string): Tariff {
    const s = this.settings;
    const t = s.get('pricing.tariffs', { cityId })[serviceCode] ?? s.get('pricing.tariffs')[serviceCode] ?? SETTINGS['pricing.tariffs'].default[serviceCode];
    if (!t) throw validation(E.SERVICE_NOT_PRICED, `Service ${serviceCode} is not priced by distance`, { serviceCode });
    return t;
  }

  /** Ops view of a tariff: where it comes from, and the fees it leads to. */
  async view(cityId: string, serviceCode: string) {
    await this.places.city(cityId);
    await this.places.service(serviceCode);
    const cityOwn = this.ownTariffs('city', cityId)[serviceCode];
    const globalOwn = this.ownTariffs('global', '')[serviceCode];
    const tariff = this.tariff(cityId, serviceCode);
    return {
      cityId, serviceCode, tariff, source: (cityOwn ? 'city' : globalOwn ? 'global' : 'default') as 'city' | 'global' | 'default',
      effective: {
        commissionPercent: this.commissionPercent(cityId, serviceCode), cancellationFeeRials: this.cancellationFeeRials(cityId, serviceCode).toString(),
        waitingFeePerMinuteRials: this.waitingFeePerMinuteRials(cityId, serviceCode).toString(),
        freeWaitingMinutes: this.freeWaitingSeconds(cityId, serviceCode) / 60, quoteTtlSeconds: this.quoteTtlSeconds(cityId, serviceCode),
      },
    };
  }

  /** Sets one service's tariff for a city: a city override of pricing.tariffs, audited by the settings store. */
  async set(actor: Actor, cityId: string, serviceCode: string, tariff: Tariff, reason: string) {
    await this.places.city(cityId);
    await this.places.service(serviceCode);
    await this.settings.set(actor, 'pricing.tariffs', 'city', cityId, { ...this.ownTariffs('city', cityId), [serviceCode]: tariff }, reason);
    return this.view(cityId, serviceCode);
  }

  /** The override of pricing.tariffs set at one scope (empty when there is none). */
  private ownTariffs(scopeType: 'city' | 'global', scopeId: string): Record<string, Tariff> {
    const entry = this.settings.list().find((x) => x.key === 'pricing.tariffs');
    const own = entry?.overrides.find((o) => o.scopeType === scopeType && o.scopeId === scopeId);
    return (own?.value as Record<string, Tariff> | undefined) ?? {};
  }

  /** ORD-6 fee after acceptance or arrival: the tariff's, else the order.cancellationFeeRials setting. */
  cancellationFeeRials(cityId: string, serviceCode: string): bigint {
    const own = this.tariffOrNull(cityId, serviceCode)?.cancellationFeeRials;
    return own !== undefined ? BigInt(own) : this.settings.rials('order.cancellationFeeRials', this.scope(cityId, serviceCode));
  }

  /** ORD-5 paid waiting per minute. */
  waitingFeePerMinuteRials(cityId: string, serviceCode: string): bigint {
    return BigInt(this.tariffOrNull(cityId, serviceCode)?.waitingPerMinuteRials ?? '0');
  }

  /** ORD-5 free waiting at pickup, in seconds (5 minutes by default). */
  freeWaitingSeconds(cityId: string, serviceCode: string): number {
    const own = this.tariffOrNull(cityId, serviceCode)?.freeWaitingMinutes;
    return own !== undefined ? own * 60 : this.settings.get('order.freeWaitSeconds', this.scope(cityId, serviceCode));
  }

  /** PAY-3 platform commission, percent. */
  commissionPercent(cityId: string, serviceCode: string): number {
    return this.tariffOrNull(cityId, serviceCode)?.commissionPercent ?? this.settings.get('payments.commissionPercent', this.scope(cityId, serviceCode));
  }

  quoteTtlSeconds(cityId: string, serviceCode: string): number {
    return this.tariffOrNull(cityId, serviceCode)?.quoteTtlSeconds ?? this.settings.get('order.quoteTtlSeconds', this.scope(cityId, serviceCode));
  }

  tariffOrNull(cityId: string, serviceCode: string): Tariff | null {
    try { return this.tariff(cityId, serviceCode); } catch { return null; }
  }

  private scope(cityId: string, serviceCode: string) {
    return { cityId, serviceId: this.places.serviceIdOf(serviceCode) ?? null };
  }
}
