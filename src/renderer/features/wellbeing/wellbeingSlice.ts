/**
 * Wellbeing state of the window: the workspace's sensitive list and break reminder (as the Wellbeing place edits
 * them) and the analyst's own exposure summary (today's reveals, the last 14 days, whether a break is due).
 */
import type { ExposureSummary, SensitiveReasons, WellbeingSettings } from '../../../shared/api/methods/wellbeing'
import { call } from '../../api/client'
import { analystTimeZone, plural } from '../../lib/format'
import type { SliceCreator } from '../../store/types'

export interface WellbeingSlice {
  wellbeing: WellbeingSettings | null
  exposure: ExposureSummary | null
  wellbeingBusy: boolean
  /** Why the open ticket is sensitive (loaded for sensitive tickets only). */
  sensitiveReasons: { ticketId: number; reasons: SensitiveReasons } | null
  loadWellbeing(): Promise<void>
  /** Re-reads your exposure counts and the reminder's state (after a reveal, on a new day, on a new workspace). */
  refreshExposure(): Promise<void>
  /** Applies a new sensitive list; true when saved. The grid and the open ticket reload without revealed text. */
  saveSensitiveTypes(caseTypes: string[]): Promise<boolean>
  saveBreakReminder(every: number | null): Promise<boolean>
  answerReminder(answer: 'later' | 'today'): Promise<void>
  loadSensitiveReasons(ticketId: number): Promise<SensitiveReasons | null>
  resetWellbeing(): void
}

let exposureSeq = 0

export const createWellbeingSlice: SliceCreator<WellbeingSlice> = (set, get) => ({
  wellbeing: null,
  exposure: null,
  wellbeingBusy: false,
  sensitiveReasons: null,

  async loadWellbeing() {
    try {
      set({ wellbeing: await call('wellbeing.get', {}) })
    } catch (err) {
      get().reportError(err, 'load your wellbeing settings')
    }
  },

  async refreshExposure() {
    const seq = ++exposureSeq
    try {
      const exposure = await call('wellbeing.exposure', { timeZone: analystTimeZone() })
      if (seq === exposureSeq) set({ exposure })
    } catch {
      // The counter is a courtesy: a failed read keeps the last one and never interrupts the analyst's work.
    }
  },

  async saveSensitiveTypes(caseTypes) {
    set({ wellbeingBusy: true })
    try {
      const r = await call('wellbeing.setSensitiveTypes', { caseTypes })
      const { changedTickets, ...wellbeing } = r
      set((s) => ({ wellbeing, dataVersion: changedTickets > 0 ? s.dataVersion + 1 : s.dataVersion }))
      // The open ticket may have joined or left the list: load it again, with any revealed text dropped.
      if (changedTickets > 0) get().reloadDetail()
      get().notify(
        'success',
        changedTickets === 0
          ? 'Sensitive case types saved. No ticket changed.'
          : `Sensitive case types saved. ${plural(changedTickets, 'ticket')} changed.`,
      )
      return true
    } catch (err) {
      get().reportError(err, 'save the sensitive case types')
      return false
    } finally {
      set({ wellbeingBusy: false })
    }
  },

  async saveBreakReminder(every) {
    set({ wellbeingBusy: true })
    try {
      const breakReminder = await call('wellbeing.setBreakReminder', { every })
      set((s) => ({ wellbeing: s.wellbeing ? { ...s.wellbeing, breakReminder } : s.wellbeing }))
      get().notify(
        'success',
        every === null ? 'Break reminder turned off.' : `A break will be suggested after ${plural(every, 'reveal')}.`,
      )
      void get().refreshExposure()
      return true
    } catch (err) {
      get().reportError(err, 'save the break reminder')
      return false
    } finally {
      set({ wellbeingBusy: false })
    }
  },

  async answerReminder(answer) {
    const exposure = get().exposure
    // Close the reminder at once: the answer is saved behind it, and a failure only means it may ask again.
    if (exposure) set({ exposure: { ...exposure, breakStatus: { ...exposure.breakStatus, due: false } } })
    try {
      const breakStatus = await call('wellbeing.answerReminder', { answer, timeZone: analystTimeZone() })
      const current = get().exposure
      if (current) set({ exposure: { ...current, breakStatus } })
    } catch (err) {
      get().reportError(err, 'save your answer to the break reminder')
    }
  },

  async loadSensitiveReasons(ticketId) {
    try {
      const reasons = await call('wellbeing.reasons', { ticketId })
      set({ sensitiveReasons: { ticketId, reasons } })
      return reasons
    } catch (err) {
      get().reportError(err, 'find out why the ticket is sensitive')
      return null
    }
  },

  resetWellbeing() {
    ++exposureSeq
    set({ wellbeing: null, exposure: null, sensitiveReasons: null })
  },
})
