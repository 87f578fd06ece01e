export type { CronSchedule, FieldError, IntervalSchedule, ManualSchedule, OnceSchedule, Schedule } from './schema';
export { scheduleSchema } from './schema';
export { validateSchedule } from './validate';
export type { ValidationResult } from './validate';
export { latestFiresBetween, nextFire, nextFires } from './next';
export { daily, describeSchedule, describeScheduleWords, weekly } from './builders';
export type { Weekday } from './builders';
export { cronFor } from './cron';
