/**
 * Ticket text pools built once from the vocabulary: every subject and body is expanded ahead of time, so a ticket's
 * text is a few array picks and one concatenation. Sensitive case types only ever get bracketed, non-graphic
 * placeholders: the demo must be safe to show on a projector.
 */
import { CASE_TYPES } from '../../shared/domain'
import type { Rng } from './random'
import { COMMON_TAGS, EXTRA_TAGS, SLOTS, THEMES, type ThemeSpec } from './vocabulary'

export interface ThemePool {
  /** The theme's own tags; the first is always applied. */
  tags: readonly string[]
  /** One per (subject template, body template): subjects[i] and bodies[i] share their slot values. */
  variants: readonly Variant[]
}

interface Variant {
  subjects: readonly string[]
  bodies: readonly string[]
}

export interface CaseTexts {
  sensitive: boolean
  themes: readonly ThemePool[]
  extraTags: readonly string[]
}

type Slots = Record<string, readonly string[]>

function slotNames(template: string): string[] {
  return Array.from(template.matchAll(/\{(\w+)\}/g), (m) => m[1] as string)
}

/**
 * Every filling of the `{slot}`s of a subject and body template, with the same value in both, so a subject about
 * a Rose is never followed by a body about a Lion.
 */
function expandPair(subject: string, body: string, slots: Slots = SLOTS): Variant {
  let pairs: [string, string][] = [[subject, body]]
  for (const name of new Set([...slotNames(subject), ...slotNames(body)])) {
    const values = slots[name]
    if (!values) throw new Error(`Template slot {${name}} has no values.`)
    const token = `{${name}}`
    pairs = pairs.flatMap(([s, b]) =>
      values.map((v): [string, string] => [s.replaceAll(token, v), b.replaceAll(token, v)]),
    )
  }
  return { subjects: pairs.map((p) => p[0]), bodies: pairs.map((p) => p[1]) }
}

function pool(spec: ThemeSpec, slots?: Slots): ThemePool {
  return {
    tags: [spec.tag],
    variants: spec.subjects.flatMap((s) => spec.bodies.map((b) => expandPair(s, b, slots))),
  }
}

/** Marks every sensitive text so tests and reviewers can check none slipped through. */
export const WITHHELD = 'details withheld in demo data'

const SENSITIVE_SLOTS: Slots = {
  surface: ['a video', 'a LIVE', 'an account', 'a comment', 'a direct message'],
  reporter: ['the affected user', 'a viewer', 'a trusted flagger', 'a parent or guardian', 'a partner organisation'],
}

const SENSITIVE_BODIES = [
  `[Report text withheld in demo data. Reported surface: {surface}. Reported by {reporter}.]`,
  `[Original message withheld in demo data. The report concerns {surface} and was filed by {reporter}.]`,
]

const SENSITIVE_THEMES: Record<string, ThemeSpec> = {
  child_safety: {
    tag: 'minor_safety',
    subjects: [
      `[Report concerning a minor's safety — ${WITHHELD}]`,
      `[Child safety report about {surface} — ${WITHHELD}]`,
    ],
    bodies: SENSITIVE_BODIES,
  },
  self_harm: {
    tag: 'wellbeing_concern',
    subjects: [
      `[Wellbeing concern for a user — ${WITHHELD}]`,
      `[Self-harm concern raised about {surface} — ${WITHHELD}]`,
    ],
    bodies: SENSITIVE_BODIES,
  },
  hate_speech: {
    tag: 'hateful_conduct',
    subjects: [`[Hate speech report about {surface} — ${WITHHELD}]`],
    bodies: SENSITIVE_BODIES,
  },
  violent_extremism: {
    tag: 'violent_extremism',
    subjects: [`[Violent extremism report about {surface} — ${WITHHELD}]`],
    bodies: SENSITIVE_BODIES,
  },
}

const FALLBACK_SENSITIVE: ThemeSpec = {
  tag: 'sensitive_report',
  subjects: [`[Sensitive report about {surface} — ${WITHHELD}]`],
  bodies: SENSITIVE_BODIES,
}

const FALLBACK_THEME: ThemeSpec = {
  tag: 'general_question',
  subjects: ['Question about my account', 'Need help with the app'],
  bodies: ['I have a question about my account. Can someone help?'],
}

export const CASE_TEXTS: readonly CaseTexts[] = CASE_TYPES.map((c) => ({
  sensitive: c.sensitive,
  themes: c.sensitive
    ? [pool(SENSITIVE_THEMES[c.key] ?? FALLBACK_SENSITIVE, SENSITIVE_SLOTS)]
    : (THEMES[c.key] ?? [FALLBACK_THEME]).map((t) => pool(t)),
  extraTags: EXTRA_TAGS[c.key] ?? [],
}))

/** Openers and closers wrap a body so two tickets on the same theme still read like two people. */
const OPENERS = ['', '', 'Hi. ', 'Hello support team. ', 'Hi there. ', 'Hello. ', 'Hey. ']
const CLOSERS = [
  '',
  '',
  ' Please help.',
  ' Thanks in advance.',
  ' This is urgent for me.',
  ' Can someone look into this?',
  ' I already contacted you once about this.',
  ' I attached a screenshot.',
]

/** Subject and description for a ticket; sensitive bodies get no opener or closer so they stay pure placeholders. */
export function drawText(
  theme: ThemePool,
  sensitive: boolean,
  rng: Rng,
  out: { subject: string; description: string },
): void {
  // Template pair first, then its filling: templates with many slots would otherwise crowd out the others.
  const variant = rng.pick(theme.variants)
  const i = rng.int(variant.subjects.length)
  out.subject = variant.subjects[i] as string
  const body = variant.bodies[i] as string
  if (sensitive) {
    out.description = body
    return
  }
  out.description = rng.pick(OPENERS) + body + rng.pick(CLOSERS)
}

/**
 * One to three tags: the theme's own, often a case-type detail, sometimes a common one. Written straight into
 * `tags`, whose length is the count, to spare an array per ticket.
 */
export function drawTags(theme: ThemePool, texts: CaseTexts, rng: Rng, tags: string[]): void {
  tags.length = 0
  for (const t of theme.tags) tags.push(t)
  if (tags.length < 3 && texts.extraTags.length > 0 && rng.chance(0.55)) addUnique(tags, rng.pick(texts.extraTags))
  if (tags.length < 3 && rng.chance(0.18)) addUnique(tags, rng.pick(COMMON_TAGS))
}

function addUnique(tags: string[], tag: string): void {
  if (!tags.includes(tag)) tags.push(tag)
}

/** Tags are plain identifiers ([a-z0-9_]), so their JSON array is a join: nothing to escape. */
export function tagsJson(tags: readonly string[]): string {
  if (tags.length === 0) return '[]'
  return '["' + tags.join('","') + '"]'
}

export type IncidentThemeKey = 'gift_not_delivered' | 'payout_bank_change' | 'crash_on_launch'

/** The shared wording of an incident's extra tickets: what an analyst would find by reading a sample. */
export function incidentTheme(key: IncidentThemeKey, release: string): ThemePool {
  const slots = { ...SLOTS, release: [release] }
  switch (key) {
    case 'gift_not_delivered':
      return {
        ...pool(
          {
            tag: 'gift_not_delivered',
            subjects: [
              'Coins deducted but gift not delivered during LIVE',
              'Sent a {gift} — coins gone, gift never showed up',
              'Gift not delivered in LIVE, {coins} coins deducted',
            ],
            bodies: [
              'I sent a {gift} in a LIVE and {coins} coins were deducted, but the gift never appeared for the creator.',
              'My coins were deducted ({coins}) but the creator says no gift arrived. Happened {count} times tonight.',
            ],
          },
          slots,
        ),
        tags: ['gift_not_delivered', 'coins_deducted'],
      }
    case 'payout_bank_change':
      return {
        ...pool(
          {
            tag: 'payout_delay',
            subjects: [
              'Payout pending after changing bank account',
              'Changed my bank details — payout stuck since',
              'Withdrawal on hold after bank account update',
            ],
            bodies: [
              'I updated my bank account in the creator portal; my payout of {amount} has been pending {days} days.',
              'Since I changed my bank details every withdrawal says pending. The old account was closed.',
            ],
          },
          slots,
        ),
        tags: ['payout_delay', 'bank_change'],
      }
    case 'crash_on_launch':
      return {
        ...pool(
          {
            tag: 'crash_on_launch',
            subjects: [
              'App crashes on launch after updating to {release}',
              'Crash on startup since the latest update',
              "Can't open the app after the update — crashes instantly",
            ],
            bodies: [
              'Since I updated to {release} the app closes as soon as I open it on {device}.',
              'After the update this morning the app crashes on the splash screen. Reinstalling did not help.',
            ],
          },
          slots,
        ),
        tags: ['crash_on_launch', 'app_update'],
      }
  }
}
