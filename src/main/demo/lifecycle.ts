/**
 * One demo ticket's life up to the end of the period: who wrote in, how fast an agent answered, whether and when it
 * was solved, reopened, rated, escalated, and the comment thread that tells the same story. Status follows from age:
 * a ticket created an hour before the end is usually still new, one from last quarter is closed.
 *
 * The builder fills one reused set of fields per ticket instead of returning objects: at a million tickets, an
 * object and a few arrays per row is the difference between a smooth load and a garbage-collection stall.
 */
import { CHANNELS, PRIORITIES } from '../../shared/domain'
import { MINUTE } from './calendar'
import {
  FAMILY_REPLIES,
  type FamilyReplies,
  NOTE_ESCALATED,
  NOTE_HOLD,
  NOTE_MERGED,
  REOPEN_TEXTS,
  REQUESTER_FOLLOW_UPS,
  SENSITIVE_FOLLOW_UPS,
  SENSITIVE_NOTE,
  SENSITIVE_REOPEN,
  SENSITIVE_REPLIES,
  SYSTEM_AUTHOR,
} from './comments'
import type { Incident } from './incidents'
import {
  CASE_PROFILES,
  CHANNEL_ONE_TOUCH,
  CHANNEL_REPLY_FACTOR,
  ESCALATION_RATE,
  FIRST_REPLY_MEDIAN_MIN,
  PRIORITY_RESOLUTION_FACTOR,
  TICKET_TYPES,
} from './profile'
import { Rng, WeightedChoice } from './random'
import { REGION_PROFILES } from './regions'
import { AGENTS, GROUP_ESCALATIONS } from './staff'
import { CASE_TEXTS, drawTags, drawText, tagsJson } from './texts'

const MAX_COMMENTS = 6
/** Zendesk's default automation closes a ticket four days after it was solved. */
const CLOSE_AFTER_MIN = 4 * 24 * 60
const STREAM = 7

const IN_PROGRESS = WeightedChoice.of({ open: 50, pending: 35, hold: 15 })
/** CSAT 1..5: most raters are happy, appeals mostly are not, slow or reopened tickets fall in between. */
const SCORES = [1, 2, 3, 4, 5]
const CSAT_GOOD = WeightedChoice.zip(SCORES, [6, 4, 8, 22, 60])
const CSAT_POOR = WeightedChoice.zip(SCORES, [20, 14, 18, 22, 26])
const CSAT_APPEAL = WeightedChoice.zip(SCORES, [36, 14, 14, 13, 23])
/** Turns between the first reply and the solve, alternating requester then agent. */
const TURNS = WeightedChoice.zip([0, 1, 2, 3], [45, 22, 23, 10])

/** A whole second at fraction `f` of the way from a to b: every demo timestamp is a whole second. */
function between(a: number, b: number, f: number): number {
  return a + Math.floor(((b - a) * f) / 1000) * 1000
}

const FR_MEDIAN = PRIORITIES.map((p) => FIRST_REPLY_MEDIAN_MIN[p])
const RES_FACTOR = PRIORITIES.map((p) => PRIORITY_RESOLUTION_FACTOR[p])
const ESCALATION = PRIORITIES.map((p) => ESCALATION_RATE[p])
const EMAIL_LIKE = CHANNELS.map((c) => c === 'email' || c === 'web_form' || c === 'creator_portal')

export class TicketBuilder {
  private readonly rng: Rng
  private readonly regressions: readonly Incident[]
  private readonly requesterPool: number

  subject = ''
  description = ''
  status = ''
  priority = ''
  type = ''
  locale = ''
  requester = ''
  assignee: string | null = null
  group = ''
  readonly tags: string[] = []
  tagsJson = '[]'
  updatedAt = 0
  firstSolvedAt: number | null = null
  solvedAt: number | null = null
  firstReplyMinutes: number | null = null
  firstResolutionMinutes: number | null = null
  fullResolutionMinutes: number | null = null
  reopens = 0
  replies = 0
  csat: number | null = null
  sensitive = 0
  escalated = 0
  /** When the CSAT rating arrived (0: none), so updated_at covers it. */
  private csatAt = 0

  commentCount = 0
  readonly commentAuthor: (string | null)[] = new Array<string | null>(MAX_COMMENTS).fill(null)
  readonly commentRole: string[] = new Array<string>(MAX_COMMENTS).fill('')
  readonly commentPublic: number[] = new Array<number>(MAX_COMMENTS).fill(1)
  readonly commentBody: string[] = new Array<string>(MAX_COMMENTS).fill('')
  readonly commentAt: number[] = new Array<number>(MAX_COMMENTS).fill(0)

  constructor(
    private readonly endAt: number,
    seed: number,
    incidents: readonly Incident[],
    tickets: number,
  ) {
    this.rng = new Rng(seed, STREAM)
    this.regressions = incidents.filter((i) => i.kind === 'resolution_regression')
    // Fewer requesters than tickets, so some people write in more than once, as they do.
    this.requesterPool = Math.max(2000, Math.round(tickets * 0.8))
  }

  build(createdAt: number, ct: number, region: number, channel: number, incident: Incident | null): void {
    const rng = this.rng
    const cp = CASE_PROFILES[ct]
    const texts = CASE_TEXTS[ct]
    const rp = REGION_PROFILES[region]
    if (!cp || !texts || !rp) throw new Error(`Bad ticket skeleton (case ${ct}, region ${region}).`)
    const sensitive = cp.sensitive
    this.sensitive = sensitive ? 1 : 0
    const pr = cp.priority.index(rng)
    this.priority = PRIORITIES[pr] as string
    this.type = TICKET_TYPES[cp.family].draw(rng)
    this.locale = rp.locale.draw(rng)
    const user = 10_000 + rng.int(this.requesterPool)
    this.requester = EMAIL_LIKE[channel] ? `user${user}@example.com` : `@user${user}`
    const theme = incident?.theme ?? rng.pick(texts.themes)
    drawText(theme, sensitive, rng, this)
    drawTags(theme, texts, rng, this.tags)
    this.tagsJson = tagsJson(this.tags)

    let frFactor = 1
    let resFactor = 1
    for (const inc of this.regressions) {
      if (
        (inc.caseType < 0 || inc.caseType === ct) &&
        (inc.region < 0 || inc.region === region) &&
        (inc.channel < 0 || inc.channel === channel) &&
        createdAt >= inc.startAt &&
        createdAt < inc.endAt
      ) {
        frFactor = inc.firstReplyFactor
        resFactor = inc.resolutionFactor
      }
    }

    // Every duration is drawn before status is known, so the status is a consequence of age, not a dice roll.
    const ageMin = (this.endAt - createdAt) / MINUTE
    const merged = !sensitive && rng.chance(0.02)
    const escalate = rng.chance(ESCALATION[pr] as number)
    const fr = Math.max(
      1,
      Math.round(rng.lognormal((FR_MEDIAN[pr] as number) * (CHANNEL_REPLY_FACTOR[channel] as number), 0.9) * frFactor),
    )
    // Escalated tickets are never solved on the first reply.
    const oneTouch = !escalate && rng.chance(CHANNEL_ONE_TOUCH[channel] as number)
    // Now and then a ticket sits in a queue for weeks: the backlog's long tail.
    const stuck = rng.chance(0.012) ? 6 : 1
    const work = rng.lognormal(cp.resolutionMedianMin * (RES_FACTOR[pr] as number), 1) * resFactor * stuck
    const firstRes = oneTouch ? fr : fr + Math.max(5, Math.round(work))
    const reopen = rng.chance(0.065)
    const gap = Math.min(CLOSE_AFTER_MIN - 60, Math.max(30, Math.round(rng.lognormal(1200, 0.8))))
    const reResolve = Math.max(10, Math.round(rng.lognormal(900, 1) * resFactor))
    const turns = TURNS.draw(rng)

    this.group = cp.group.draw(rng)
    this.assignee = rng.pick(AGENTS[this.group] ?? [])
    this.firstSolvedAt = null
    this.solvedAt = null
    this.firstReplyMinutes = null
    this.firstResolutionMinutes = null
    this.fullResolutionMinutes = null
    this.reopens = 0
    this.replies = 0
    this.csat = null
    this.escalated = 0
    this.csatAt = 0
    this.commentCount = 0
    const replies = sensitive ? SENSITIVE_REPLIES : FAMILY_REPLIES[cp.family]
    this.add('requester', this.requester, 1, this.description, createdAt)

    if (merged) {
      const closeMin = Math.max(2, Math.round(rng.lognormal(300, 1.2)))
      if (closeMin < ageMin) {
        const at = createdAt + closeMin * MINUTE
        this.firstSolvedAt = at
        this.solvedAt = at
        this.firstResolutionMinutes = closeMin
        this.fullResolutionMinutes = closeMin
        this.add('system', SYSTEM_AUTHOR, 0, rng.pick(NOTE_MERGED), at)
        this.status = ageMin - closeMin > CLOSE_AFTER_MIN ? 'closed' : 'solved'
      } else this.unanswered(createdAt, ageMin)
    } else if (fr >= ageMin) {
      this.unanswered(createdAt, ageMin)
    } else {
      const firstReplyAt = createdAt + fr * MINUTE
      this.firstReplyMinutes = fr
      // A one-touch first reply is the solve itself (fr < age here, so the ticket is solved).
      this.agent(rng.pick(oneTouch ? replies.resolved : replies.first), firstReplyAt)
      if (escalate) this.escalate(firstReplyAt, createdAt + Math.min(firstRes, ageMin) * MINUTE)
      const notes = this.commentCount - 2
      if (firstRes >= ageMin) {
        this.status = IN_PROGRESS.draw(rng)
        const hold = this.status === 'hold'
        let n = Math.min(turns, MAX_COMMENTS - 2 - notes - (hold ? 1 : 0))
        // Pending means waiting on the requester, so the agent spoke last.
        if (this.status === 'pending' && n % 2 === 1) n--
        this.exchanges(firstReplyAt, this.endAt, n, replies)
        if (hold) this.note(rng.pick(NOTE_HOLD), between(firstReplyAt, this.endAt, 0.6))
      } else {
        const firstSolveAt = createdAt + firstRes * MINUTE
        const reopenAt = firstSolveAt + gap * MINUTE
        const reopened = reopen && firstRes + gap < ageMin
        const resolvedAgain = reopened && firstRes + gap + reResolve < ageMin
        const room = MAX_COMMENTS - 2 - notes - (oneTouch ? 0 : 1) - (reopened ? 1 : 0) - (resolvedAgain ? 1 : 0)
        this.exchanges(firstReplyAt, firstSolveAt, oneTouch ? 0 : Math.min(turns, room), replies)
        if (!oneTouch) this.agent(rng.pick(replies.resolved), firstSolveAt)
        this.firstSolvedAt = firstSolveAt
        this.firstResolutionMinutes = firstRes
        if (reopened) {
          this.add('requester', this.requester, 1, rng.pick(sensitive ? SENSITIVE_REOPEN : REOPEN_TEXTS), reopenAt)
          this.reopens = 1
        }
        if (reopened && !resolvedAgain) {
          this.status = 'open'
        } else {
          const full = resolvedAgain ? firstRes + gap + reResolve : firstRes
          if (resolvedAgain) {
            this.agent(rng.pick(replies.resolved), createdAt + full * MINUTE)
            if (rng.chance(0.12)) this.reopens = 2
          }
          this.solvedAt = createdAt + full * MINUTE
          this.fullResolutionMinutes = full
          this.status = ageMin - full > CLOSE_AFTER_MIN ? 'closed' : 'solved'
          this.rate(ct, full, resFactor)
        }
      }
    }
    this.sortComments()
    let updated = this.commentAt[this.commentCount - 1] as number
    if (this.status === 'closed' && this.solvedAt !== null) updated = this.solvedAt + CLOSE_AFTER_MIN * MINUTE
    else if (this.csatAt > updated) updated = this.csatAt
    this.updatedAt = updated
  }

  /** A third of solved tickets get a rating, a few hours after the solve and before the automation closes them. */
  private rate(ct: number, fullMin: number, resFactor: number): void {
    const rng = this.rng
    if (this.solvedAt === null || !rng.chance(this.sensitive ? 0.12 : 0.31)) return
    const delay = Math.min(CLOSE_AFTER_MIN - 1, Math.max(1, Math.round(rng.lognormal(240, 1.1))))
    const at = this.solvedAt + delay * MINUTE
    if (at >= this.endAt) return
    const key = CASE_PROFILES[ct]?.key
    const appeal = key === 'ban_appeal' || key === 'content_removal_appeal'
    const slow = this.reopens > 0 || fullMin > 7 * 24 * 60 || resFactor > 1
    this.csat = (appeal ? CSAT_APPEAL : slow ? CSAT_POOR : CSAT_GOOD).draw(rng)
    this.csatAt = at
  }

  /** No agent reply yet: usually untouched, sometimes opened by an agent; impatient requesters nudge. */
  private unanswered(createdAt: number, ageMin: number): void {
    const rng = this.rng
    this.status = rng.chance(0.75) ? 'new' : 'open'
    if (this.status === 'new' && rng.chance(0.85)) this.assignee = null
    if (ageMin > 720 && rng.chance(0.35)) {
      const body = rng.pick(this.sensitive ? SENSITIVE_FOLLOW_UPS : REQUESTER_FOLLOW_UPS)
      this.add('requester', this.requester, 1, body, createdAt + Math.floor(ageMin * (0.4 + 0.5 * rng.next())) * MINUTE)
    }
  }

  /** Moved to tier 2 after the first reply: later agent replies come from the tier-2 agent who took it over. */
  private escalate(from: number, to: number): void {
    this.escalated = 1
    this.group = GROUP_ESCALATIONS
    this.assignee = this.rng.pick(AGENTS[GROUP_ESCALATIONS] ?? [])
    this.note(NOTE_ESCALATED, between(from, to, 0.1 + 0.2 * this.rng.next()))
  }

  /** Requester and agent turns, requester first, spread over (a, b), each in its own slice so the order holds. */
  private exchanges(a: number, b: number, turns: number, replies: FamilyReplies): void {
    const rng = this.rng
    for (let i = 0; i < turns; i++) {
      const at = between(a, b, (i + 0.2 + 0.6 * rng.next()) / turns)
      if (i % 2 === 0) {
        this.add(
          'requester',
          this.requester,
          1,
          rng.pick(this.sensitive ? SENSITIVE_FOLLOW_UPS : REQUESTER_FOLLOW_UPS),
          at,
        )
      } else this.agent(rng.pick(replies.middle), at)
    }
  }

  private agent(body: string, at: number): void {
    this.replies++
    this.add('agent', this.assignee, 1, body, at)
  }

  private note(body: string, at: number): void {
    this.add('system', SYSTEM_AUTHOR, 0, this.sensitive ? SENSITIVE_NOTE : body, at)
  }

  private add(role: string, author: string | null, isPublic: number, body: string, at: number): void {
    const i = this.commentCount++
    this.commentRole[i] = role
    this.commentAuthor[i] = author
    this.commentPublic[i] = isPublic
    this.commentBody[i] = body
    this.commentAt[i] = at
  }

  /** Insertion sort of at most a handful of comments; stable, so same-time comments keep their story order. */
  private sortComments(): void {
    const at = this.commentAt
    for (let i = 1; i < this.commentCount; i++) {
      const t = at[i] as number
      if ((at[i - 1] as number) <= t) continue
      const role = this.commentRole[i] as string
      const author = this.commentAuthor[i] ?? null
      const pub = this.commentPublic[i] as number
      const body = this.commentBody[i] as string
      let j = i - 1
      while (j >= 0 && (at[j] as number) > t) {
        at[j + 1] = at[j] as number
        this.commentRole[j + 1] = this.commentRole[j] as string
        this.commentAuthor[j + 1] = this.commentAuthor[j] ?? null
        this.commentPublic[j + 1] = this.commentPublic[j] as number
        this.commentBody[j + 1] = this.commentBody[j] as string
        j--
      }
      at[j + 1] = t
      this.commentRole[j + 1] = role
      this.commentAuthor[j + 1] = author
      this.commentPublic[j + 1] = pub
      this.commentBody[j + 1] = body
    }
  }
}
