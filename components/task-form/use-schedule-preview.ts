'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, errorText } from '@/lib/client/api';
import type { Schedule } from '@/lib/schedules/schema';
import type { FieldError } from '@/lib/task-form/errors';

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export type Preview = { fires: string[] | null; errors: FieldError[]; failure: string | null; pending: boolean };

/**
 * The next 5 fires of the schedule being edited, from the server (the one source of slot math),
 * 300 ms after the last keystroke. A 422 comes back as field errors for the schedule inputs.
 */
export function useSchedulePreview(schedule: Schedule | null): Preview {
  const key = schedule && schedule.kind !== 'manual' ? JSON.stringify(schedule) : null;
  const settled = useDebounced(key, 300);
  const query = useQuery({
    queryKey: ['schedule-preview', settled],
    enabled: settled !== null,
    queryFn: ({ signal }) => api<{ fires: string[] }>('/api/v1/schedules/preview', { method: 'POST', body: { schedule: JSON.parse(settled!), count: 5 }, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const current = key !== null && settled === key && !query.isPlaceholderData;
  const invalid = query.error instanceof ApiError && query.error.status === 422;
  return {
    fires: current && query.data ? query.data.fires : null,
    errors: current && invalid ? (query.error as ApiError).fields : [],
    failure: current && query.error && !invalid ? errorText(query.error) : null,
    pending: key !== null && (!current || query.isFetching),
  };
}
