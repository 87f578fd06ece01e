'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/client/api';
import type { WorkersJson } from '@/lib/client/types';

/** One poll of GET /api/v1/workers feeds both the Workers and the Queue cards (same query key). */
export function useWorkers(initial: WorkersJson): WorkersJson {
  const { data } = useQuery({
    queryKey: ['overview', 'workers'],
    queryFn: () => api<WorkersJson>('/api/v1/workers'),
    initialData: initial,
    refetchInterval: 2000,
  });
  return data;
}
