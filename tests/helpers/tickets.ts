/** Random but reproducible tickets for query tests: nulls, quotes, unicode and SQL meta-characters included. */
import type { TicketInput } from '../../src/main/db/queries/ticketWrites'

export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Knuth's Poisson draw (fine for the small means synthetic series use). */
export function poisson(r: () => number, mean: number): number {
  const l = Math.exp(-mean)
  let k = 0
  let p = 1
  do {
    k++
    p *= r()
  } while (p > l)
  return k - 1
}

/** A plain open email ticket created at `createdAt` (updated then too), with `over` on top. */
export function ticketInput(externalId: string, over: Partial<TicketInput> & { createdAt: number }): TicketInput {
  return {
    externalId,
    subject: externalId,
    description: '',
    status: 'open',
    priority: null,
    type: null,
    caseType: null,
    channel: 'email',
    tags: [],
    region: null,
    locale: null,
    requester: null,
    assignee: null,
    group: null,
    updatedAt: over.createdAt,
    firstSolvedAt: null,
    solvedAt: null,
    firstReplyMinutes: null,
    firstResolutionMinutes: null,
    fullResolutionMinutes: null,
    reopens: 0,
    replies: 0,
    csat: null,
    sensitive: false,
    escalated: false,
    ...over,
  }
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
const maybe = <T>(r: () => number, v: T, pNull = 0.2): T | null => (r() < pNull ? null : v)

let syntheticSeq = 0

/**
 * A solved ticket for synthetic alert series: first reply after `frtMinutes` (default 30), solved with that reply or
 * after two hours, whichever is later. The subject names the case type ("Synthetic bug_crash 12").
 */
export function solvedTicket(
  createdAt: number,
  at: { caseType: string; channel: string; region: string; frtMinutes?: number },
): TicketInput {
  const id = syntheticSeq++
  const frt = at.frtMinutes ?? 30
  const solvedAt = createdAt + Math.max(2 * 3_600_000, frt * 60_000)
  const resolution = Math.round((solvedAt - createdAt) / 60_000)
  return {
    externalId: `SYN-${id}`,
    subject: `Synthetic ${at.caseType} ${id}`,
    description: 'd',
    status: 'solved',
    priority: 'normal',
    type: null,
    caseType: at.caseType,
    channel: at.channel,
    tags: [],
    region: at.region,
    locale: null,
    requester: null,
    assignee: null,
    group: null,
    createdAt,
    updatedAt: solvedAt,
    firstSolvedAt: solvedAt,
    solvedAt,
    firstReplyMinutes: frt,
    firstResolutionMinutes: resolution,
    fullResolutionMinutes: resolution,
    reopens: 0,
    replies: 1,
    csat: null,
    sensitive: false,
    escalated: false,
  }
}

export const T0 = Date.parse('2026-03-01T00:00:00Z')

export function randomTickets(n: number, seed = 1): TicketInput[] {
  const r = rng(seed)
  const assignees = ["O'Brien", 'Zoë Ångström', 'Ana "AJ" Ruiz', '李雷', 'Robert); DROP TABLE tickets;--', '', '%_wild']
  const out: TicketInput[] = []
  for (let i = 0; i < n; i++) {
    const createdAt = T0 + Math.floor(r() * 60 * 86_400_000)
    const solved = r() < 0.5
    const full = solved ? Math.floor(r() * 5000) : null
    out.push({
      externalId: `T-${i}`,
      subject: `${pick(r, ['Login', 'Payout', "Can't", 'ünïcode', '"quoted"'])} ${i}`,
      description: 'desc',
      status: pick(r, ['new', 'open', 'pending', 'hold', 'solved', 'closed']),
      priority: maybe(r, pick(r, ['urgent', 'high', 'normal', 'low'])),
      type: maybe(r, pick(r, ['question', 'incident'])),
      caseType: maybe(r, pick(r, ['account_recovery', 'self_harm', 'copyright'])),
      channel: pick(r, ['email', 'in_app', 'phone']),
      tags: r() < 0.5 ? ['a'] : [],
      region: maybe(r, pick(r, ['EU', 'NA', 'SEA'])),
      locale: 'en-US',
      requester: `@user${i}`,
      assignee: maybe(r, pick(r, assignees)),
      group: maybe(r, pick(r, ['Tier 1', 'T&S'])),
      createdAt,
      updatedAt: createdAt + 1000,
      firstSolvedAt: solved ? createdAt + 5000 : null,
      solvedAt: solved ? createdAt + 6000 : null,
      // Few distinct values so ties (and the id tie-break) are exercised.
      firstReplyMinutes: maybe(r, Math.floor(r() * 5), 0.3),
      firstResolutionMinutes: full,
      fullResolutionMinutes: full,
      reopens: Math.floor(r() * 3),
      replies: Math.floor(r() * 4),
      csat: maybe(r, 1 + Math.floor(r() * 5), 0.6),
      sensitive: false,
      escalated: false,
    })
  }
  for (const t of out) if (t.caseType === 'self_harm') t.sensitive = true
  return out
}
