import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDuckDBStore } from '../src/store/index.ts';
import { storeContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('duckdb', (place) => openDuckDBStore({ path: join(dir, place, 'northstar.duckdb') }));

// The same contract with the rollups' deltas folded in every 20 events (every few group commits),
// so queries meet rollups whose units are partly folded and partly in the deltas.
storeContract('duckdb-fold20', (place) => openDuckDBStore({ path: join(dir, place, 'northstar.duckdb'), foldEvery: 20 }));
