/**
 * What migration 9's rollups are made of, shared by its triggers, its SQL rebuild and the in-memory bulk rebuild
 * (queries/rollupRebuild.ts), so the three cannot disagree on an hour or a value.
 */

/** Segment fields as rollup dimensions: API field name → expression over a ticket row `x`. */
export const ROLLUP_DIMENSIONS: readonly (readonly [string, (x: string) => string])[] = [
  ['all', () => `''`],
  ['channel', (x) => `coalesce(${x}.channel, '')`],
  ['caseType', (x) => `coalesce(${x}.case_type, '')`],
  ['region', (x) => `coalesce(${x}.region, '')`],
  ['priority', (x) => `coalesce(${x}.priority, '')`],
  ['source', (x) => `CAST(${x}.source_id AS TEXT)`],
  ['assignee', (x) => `coalesce(${x}.assignee, '')`],
  ['group', (x) => `coalesce(${x}.group_name, '')`],
]

/** Hours of a ticket's three events; null when the event has not happened. */
export const createdHour = (x: string): string => `(${x}.created_at / 3600000)`
export const solveHour = (x: string): string => `(coalesce(${x}.first_solved_at, ${x}.solved_at) / 3600000)`
export const exitHour = (x: string): string =>
  `(CASE WHEN ${x}.status IN ('solved', 'closed') THEN coalesce(${x}.solved_at, ${x}.first_solved_at, ${x}.updated_at) / 3600000 END)`

export const ROLLUP_MEASURES = [
  'created',
  'escalated',
  'replied',
  'frt_sum',
  'solved',
  'reopened',
  'one_touch',
  'csat_good',
  'csat_bad',
  'fres_n',
  'fres_sum',
  'tres_n',
  'tres_sum',
  'exited',
] as const

/**
 * One row per ticket: its event hours, its seven segment values (the dimensions after 'all', in order) and the
 * inputs of every measure. Column order matters to the in-memory rebuild.
 */
export const ROLLUP_FACT_COLUMNS = `
  ${createdHour('t')} AS ch, ${solveHour('t')} AS sh, ${exitHour('t')} AS xh,
  coalesce(t.channel, '') AS channel, coalesce(t.case_type, '') AS case_type, coalesce(t.region, '') AS region,
  coalesce(t.priority, '') AS priority, t.source_id AS source_id, coalesce(t.assignee, '') AS assignee,
  coalesce(t.group_name, '') AS group_name, t.escalated AS escalated, t.first_reply_minutes AS frt,
  t.reopens > 0 AS reopened, t.replies <= 1 AS one_touch, t.csat AS csat, t.first_resolution_minutes AS fres,
  t.full_resolution_minutes AS tres`

export const ROLLUP_FACTS_SELECT = `SELECT ${ROLLUP_FACT_COLUMNS} FROM tickets t`
