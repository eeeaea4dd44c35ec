import type { createActivities } from './index';

/** The activity functions as workflows see them (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;
