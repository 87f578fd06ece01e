export { RUNS_CHANNEL, TASKS_CHANNEL, CANCEL_PAYLOAD } from '../../db/queries/engine/channels';
