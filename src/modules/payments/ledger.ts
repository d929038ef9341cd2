/** The slice of the wallet ledger payments uses (the wallet module's public API). */
import type { LedgerService } from '../wallet/index.js';

export type { AccountRef, TransferInput, TransferResult } from '../wallet/index.js';

export type Ledger = Pick<LedgerService, 'transfer' | 'balance'>;
