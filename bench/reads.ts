import type { BenchServer } from './database';

export async function reads(server: BenchServer): Promise<void> {
  void server;
}
