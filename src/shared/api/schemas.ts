/**
 * Building blocks of the API contract: the `method` declaration helper and the schemas several domains share
 * (ticket filters, sort, ids, time zones). Domain method tables live in `methods/` and are combined in contract.ts.
 */
import { z } from 'zod'
import { RANGE_FILTERS, REVIEW_STATES, SORT_COLUMNS } from '../domain'
import { parseSearch } from '../search'

/** Longest free-text argument accepted anywhere (a search, a name). */
export const MAX_TEXT = 2_000
/** Most values one value filter may hold. */
export const MAX_FILTER_VALUES = 200
/** Most values a facet lists: fields such as assignee or tags can have thousands; the rest are typed to find. */
export const FACET_LIMIT = 200

export const shortText = z.string().max(200)
const valueList = z.array(shortText.nullable()).max(MAX_FILTER_VALUES)
export const epochMs = z.number().int().min(0).max(8_640_000_000_000_000)

/** Largest bound a numeric range filter accepts (minutes: about 1,900 years). */
export const MAX_RANGE_BOUND = 1_000_000_000

/**
 * An inclusive range over one numeric field: `min` and `max` are each optional; `empty` also matches tickets without
 * a value (nullable fields only). `{ empty: true }` alone matches only those. A range must say something.
 */
function rangeSchema(label: string, nullable: boolean, max: number | null) {
  const top = max ?? MAX_RANGE_BOUND
  const bound = z
    .number({ error: `${label}: the bounds must be whole numbers.` })
    .int(`${label}: the bounds must be whole numbers.`)
    .min(max === null ? 0 : 1, max === null ? `${label} cannot be negative.` : `${label} runs from 1 to ${top}.`)
    .max(top, max === null ? `${label} is at most ${top.toLocaleString('en-US')}.` : `${label} runs from 1 to ${top}.`)
  return z
    .strictObject({ min: bound.optional(), max: bound.optional(), empty: z.boolean().optional() })
    .refine((r) => nullable || r.empty !== true, {
      message: `${label} always has a value: "has no value" matches nothing.`,
    })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: `${label}: the minimum must not be more than the maximum.`,
    })
    .refine((r) => r.min !== undefined || r.max !== undefined || r.empty === true, {
      message: `${label}: give a minimum${nullable ? ', a maximum or "has no value"' : ' or a maximum'}.`,
    })
}
export type RangeFilter = z.infer<ReturnType<typeof rangeSchema>>

const ranges = Object.fromEntries(
  RANGE_FILTERS.map((r) => [r.key, rangeSchema(r.label, r.nullable, r.max).optional()]),
) as { [K in (typeof RANGE_FILTERS)[number]['key']]: z.ZodOptional<ReturnType<typeof rangeSchema>> }

/** Filters of the case grid; every chart and count of a view takes the same object. */
export const ticketFiltersSchema = z.strictObject({
  status: valueList.optional(),
  priority: valueList.optional(),
  channel: valueList.optional(),
  caseType: valueList.optional(),
  region: valueList.optional(),
  source: valueList.optional(),
  assignee: valueList.optional(),
  group: valueList.optional(),
  /** The source's tags: tickets with any of them; null matches tickets without tags. */
  tags: valueList.optional(),
  /** The analyst's review state; null matches tickets never reviewed. */
  reviewState: z
    .array(z.enum(REVIEW_STATES).nullable())
    .max(REVIEW_STATES.length + 1)
    .optional(),
  /** The analyst's labels: tickets with any of them; null matches tickets without a label. */
  labels: valueList.optional(),
  /** Flagged by the analyst (true) or not (false). */
  flagged: z.boolean().optional(),
  /** Tickets belonging to any of these escalations. */
  escalationId: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(MAX_FILTER_VALUES).optional(),
  ...ranges,
  /** Created at or after (inclusive), epoch ms. */
  createdFrom: epochMs.optional(),
  /** Created before (exclusive), epoch ms: periods are half-open [from, to). */
  createdTo: epochMs.optional(),
  /**
   * Full-text search over subject, description and comments (syntax in shared/search.ts). A search that does not
   * parse is rejected with the parser's sentence; sensitive tickets never match a search.
   */
  text: z
    .string()
    .max(500)
    .superRefine((text, ctx) => {
      const parsed = parseSearch(text)
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
    })
    .optional(),
})
export type TicketFilters = z.infer<typeof ticketFiltersSchema>

export const sortSchema = z.strictObject({
  column: z.enum(SORT_COLUMNS),
  dir: z.enum(['asc', 'desc']),
})
export type TicketSort = z.infer<typeof sortSchema>
export const DEFAULT_SORT: TicketSort = { column: 'createdAt', dir: 'desc' }

export const ticketQuerySchema = z.strictObject({
  filters: ticketFiltersSchema,
  sort: sortSchema,
})
export type TicketQuery = z.infer<typeof ticketQuerySchema>

export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/, 'a time zone name such as Europe/Dublin')

export const workspaceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')

/** A method's declaration: its input schema, what it returns (a type only), and a line for docs and the CLI. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly doc: string
  /** Phantom: carries the output type. Never set at run time. */
  readonly output?: O
}

export function method<O>() {
  return <I extends z.ZodType>(input: I, doc: string): MethodDef<I, O> => ({ input, doc })
}

export const empty = z.strictObject({})

export const ticketId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
/** An analyst label: trimmed, 1–60 characters. */
export const MAX_LABEL = 60
/** An analyst note: 1–10,000 characters (surrounding whitespace is kept out). */
export const MAX_NOTE = 10_000
export const label = z.string().trim().min(1).max(MAX_LABEL)
export const noteBody = z.string().trim().min(1).max(MAX_NOTE)
