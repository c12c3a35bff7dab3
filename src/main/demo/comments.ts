/**
 * Comment texts for demo threads: agent replies by case family and stage, requester follow-ups, and internal notes.
 * Short on purpose: a thread should read in a glance and a million tickets' worth must stay small on disk.
 */
import type { Family } from './profile'
import { WITHHELD } from './texts'

export interface FamilyReplies {
  first: readonly string[]
  middle: readonly string[]
  resolved: readonly string[]
}

const REPLIES: Record<Family, FamilyReplies> = {
  account: {
    first: [
      "Thanks for reaching out. I'm sorry you're locked out — I've started an identity check on the account.",
      'Thanks for the details. To secure the account, please confirm the email address you signed up with.',
    ],
    middle: [
      'Could you confirm the last device you logged in from and roughly when?',
      "Thanks. I've sent a one-time link to the address on file; it is valid for 24 hours.",
    ],
    resolved: [
      "Your account is secured and access is restored. We've signed out all other sessions.",
      'The login email has been reset to yours. Please turn on 2-step verification with an authenticator app.',
    ],
  },
  appeal: {
    first: [
      "Thanks for your appeal. It's now with our review team; we'll get back to you here.",
      "We've received your appeal and will review the decision against our Community Guidelines.",
    ],
    middle: [
      'Could you tell us more about the context of the content in question?',
      'Your appeal is still in review. Thanks for your patience.',
    ],
    resolved: [
      "We've reviewed your appeal and reversed the decision. Sorry for the trouble.",
      'After a second review the decision stays in place. You can read the policy in the Community Guidelines.',
      "We've restored the content and removed the strike from your account.",
    ],
  },
  payments: {
    first: [
      "Thanks for contacting us. I've opened a case with our payments team to trace the transaction.",
      'Sorry about this. Could you send the order number from your app store receipt?',
    ],
    middle: [
      'The payments team is tracing the transaction with our provider; this can take a few business days.',
      "Thanks for the receipt. I've attached it to the case.",
    ],
    resolved: [
      'The missing amount has been credited to your balance. It may take a few minutes to show in the app.',
      'Your payout has been released and should arrive in 3–5 business days.',
      "We've issued a refund to the original payment method.",
    ],
  },
  safety: {
    first: [
      'Thank you for reporting this. Our safety team is reviewing the account and content you reported.',
      "Thanks for letting us know. We've started a review and will update you here.",
    ],
    middle: [
      'Could you share links to the accounts or videos involved?',
      'Our team is still reviewing. You can block and restrict the accounts in the meantime.',
    ],
    resolved: [
      "We've reviewed the report and taken action under our Community Guidelines.",
      "We've removed the content and restricted the accounts involved. Thank you for reporting.",
      "After review we didn't find a violation, but you can block the account so it can't contact you.",
    ],
  },
  commerce: {
    first: [
      "Thanks for contacting Shop support. I've opened a case with the seller.",
      'Sorry your order went wrong. Could you send a photo of the package and the order number?',
    ],
    middle: [
      'The seller has 48 hours to respond; I will follow up with them if they do not.',
      "Thanks, I've added the photos to the case.",
    ],
    resolved: [
      "We've refunded the order to your original payment method.",
      'The seller has shipped a replacement. You will get a tracking number by email.',
    ],
  },
  technical: {
    first: [
      "Thanks for the report. Could you tell us the app version and your phone's operating system version?",
      "Sorry about the trouble. I've passed this to our engineering team with your device details.",
    ],
    middle: [
      'Could you try clearing the app cache (Settings > Free up space) and let us know if it helps?',
      'Engineering is looking into reports like yours. Thanks for your patience.',
    ],
    resolved: [
      "A fix is out in the latest version of the app. Please update and let us know if it's still happening.",
      "Glad clearing the cache helped. We've shared your report with engineering.",
    ],
  },
  creator: {
    first: [
      "Thanks for reaching out to Creator Support. I'm looking into this for you.",
      "Thanks for the details. I've opened a review with the team that handles this.",
    ],
    middle: [
      'Could you send links to the videos involved?',
      'The review is still open. We will update you here as soon as we hear back.',
    ],
    resolved: [
      "We've completed the review and updated your account. Thanks for your patience.",
      "We've processed your request. You should see the change in the creator portal within 24 hours.",
    ],
  },
  privacy: {
    first: [
      "We've received your privacy request and will respond within the time the law requires.",
      'To protect your data, please confirm your request from the email address on the account.',
    ],
    middle: ['Thanks for confirming. Your request is being processed.'],
    resolved: [
      'Your data file is ready. You can download it from Settings > Account for the next 4 days.',
      'Your account and its data have been scheduled for deletion.',
      "We've reviewed the video and removed it for privacy reasons.",
    ],
  },
  ads: {
    first: [
      "Thanks for contacting Ads support. I'm checking your billing history now.",
      'Thanks for the details. Could you share the ad account ID?',
    ],
    middle: ["Thanks, I've escalated the billing question to our finance team."],
    resolved: [
      "We've refunded the duplicate charge; it will show on your statement in 5–10 business days.",
      'The invoice is now available under Billing in Ads Manager.',
      'Your ad has been re-reviewed and approved.',
    ],
  },
}

export const FAMILY_REPLIES = REPLIES

export const SENSITIVE_REPLIES: FamilyReplies = {
  first: [
    `[Agent acknowledgement to the reporter — ${WITHHELD}]`,
    `[Safety team reply: report received — ${WITHHELD}]`,
  ],
  middle: [`[Safety team request for more information — ${WITHHELD}]`],
  resolved: [`[Agent reply: report reviewed and actioned — ${WITHHELD}]`, `[Safety team closing reply — ${WITHHELD}]`],
}

export const REQUESTER_FOLLOW_UPS = [
  'Any update on this?',
  'I tried that and it still does not work.',
  'Here is the screenshot you asked for.',
  "It's been a few days. Please help.",
  'Thanks, I sent the details.',
  'Is there anything else you need from me?',
]

export const SENSITIVE_FOLLOW_UPS = [
  `[Reporter follow-up — ${WITHHELD}]`,
  `[Additional information from the reporter — ${WITHHELD}]`,
]

export const REOPEN_TEXTS = [
  'This is happening again.',
  'It was fixed for a day and now the problem is back.',
  'I still have not received it, please reopen.',
]

export const SENSITIVE_REOPEN = [`[Reporter says the issue continues — ${WITHHELD}]`]

export const NOTE_ESCALATED = 'Escalated to Escalations (tier 2).'
export const NOTE_HOLD = [
  'On hold: waiting on engineering.',
  'On hold: waiting on the payments provider.',
  'On hold: waiting on the policy team.',
]
export const NOTE_MERGED = [
  'Closed as a duplicate of an earlier request from the same requester.',
  'Closed: the requester confirmed the issue resolved itself.',
]
export const SENSITIVE_NOTE = `[Internal note — ${WITHHELD}]`

/** System notes and automations write as this author. */
export const SYSTEM_AUTHOR = 'Ops automation'
