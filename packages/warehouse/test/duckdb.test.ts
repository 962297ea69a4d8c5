import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openWarehouse } from '../src/index.js';
import { defineWarehouseContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'jm-warehouse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DuckDB adapter: warehouse contract', () => {
  // One file for the whole suite: each test reopens it, as successive job runs do.
  defineWarehouseContract(() => openWarehouse({ url: `duckdb://${join(dir, 'contract.duckdb')}` }));
});
