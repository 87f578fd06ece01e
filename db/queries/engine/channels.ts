/** NOTIFY channels. Runs: a run became claimable. Tasks: a task or the pause switch changed. */
export const RUNS_CHANNEL = 'sundial_runs';
export const TASKS_CHANNEL = 'sundial_tasks';
/** The payload on RUNS_CHANNEL that asks workers to look for cancel requests now. */
export const CANCEL_PAYLOAD = 'cancel';
