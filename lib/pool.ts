import type pg from 'pg';
import { createPool } from '../db/pool';
import { env } from './env';

/** A pool whose connect attempts give up after SUNDIAL_DB_CONNECT_TIMEOUT. */
export function openPool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  return createPool(url, { connectionTimeoutMillis: env().SUNDIAL_DB_CONNECT_TIMEOUT * 1000, ...options });
}
