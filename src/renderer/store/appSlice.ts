import { call } from '../api/client'
import type { AppInfo } from '../../shared/api/types'
import { analystMessage } from '../lib/errors'
import type { SliceCreator } from './types'

export interface Notice {
  id: number
  tone: 'error' | 'info' | 'success'
  message: string
  /** A link to act on (an export's download); such a notice stays until dismissed. */
  link?: { href: string; label: string; download: string }
  /** A button to act on (the desktop app's "Show in folder"); such a notice stays until dismissed. */
  action?: { label: string; run: () => void }
}

export interface AppSlice {
  info: AppInfo | null
  /** Why app.info could not be loaded (the window shows it with a retry button). */
  infoError: string | null
  notices: Notice[]
  loadInfo(): Promise<void>
  notify(tone: Notice['tone'], message: string, link?: Notice['link'], action?: Notice['action']): void
  /** Shows a failure in the analyst's words; never a stack trace. */
  reportError(err: unknown, doing?: string): void
  dismissNotice(id: number): void
}

let noticeSeq = 0
const MAX_NOTICES = 4

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  info: null,
  infoError: null,
  notices: [],

  async loadInfo() {
    try {
      const info = await call('app.info', {})
      set({ info, infoError: null })
    } catch (err) {
      set({ infoError: analystMessage(err, 'load the workbench') })
    }
  },

  notify(tone, message, link, action) {
    // The same sentence twice in a row (a failing request retried by scrolling) is shown once.
    if (get().notices.some((n) => n.message === message)) return
    const notice: Notice = { id: ++noticeSeq, tone, message, ...(link && { link }), ...(action && { action }) }
    set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }))
    if (tone !== 'error' && !link && !action) window.setTimeout(() => get().dismissNotice(notice.id), 6_000)
  },

  reportError(err, doing) {
    if (import.meta.env.DEV) console.error(err)
    get().notify('error', analystMessage(err, doing))
  },

  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
  },
})
