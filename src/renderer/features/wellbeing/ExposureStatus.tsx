import { useEffect } from 'react'
import { createPortal } from 'react-dom'
import { Icon } from '../../components/Icon'
import { plural } from '../../lib/format'
import { useStore } from '../../store'
import { BreakReminder } from './BreakReminder'
import '../../styles/wellbeing.css'

/** Re-read now and then, so "today" turns over at the analyst's midnight without a reveal. */
const REFRESH_MS = 5 * 60_000

/**
 * Keeps the analyst's own exposure summary current: on a new workspace, after every reveal of sensitive text, and
 * every few minutes.
 */
function useExposureTracking(workspaceId: string | null): void {
  const refresh = useStore((s) => s.refreshExposure)
  const reset = useStore((s) => s.resetWellbeing)
  useEffect(() => {
    reset()
    if (workspaceId === null) return
    void refresh()
    const timer = window.setInterval(() => void refresh(), REFRESH_MS)
    // Main logs the reveal before it answers, so the counts are read once the revealed text has arrived.
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (s.revealed && (!prev.revealed || s.detail?.id !== prev.detail?.id)) void s.refreshExposure()
    })
    return () => {
      window.clearInterval(timer)
      unsubscribe()
    }
  }, [workspaceId, refresh, reset])
}

/**
 * The status bar's quiet count of sensitive tickets you revealed today (yours only), linking to the Wellbeing place,
 * and the break reminder when it is due.
 */
export function ExposureStatus() {
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? null)
  const exposure = useStore((s) => s.exposure)
  useExposureTracking(workspaceId)
  if (workspaceId === null || exposure === null) return null
  const today = exposure.today.total
  const { breakStatus } = exposure
  return (
    <>
      <a
        className="status-item status-exposure"
        href="#/wellbeing"
        title="Sensitive tickets whose text you revealed today. Only you see this count; it stays on this computer."
        data-testid="status-exposure"
      >
        <Icon name="heart" size={14} />
        <span>{plural(today, 'sensitive reveal')} today</span>
      </a>
      {/* In the body, not the status bar: the dialog must not inherit the bar's one-line, small-print styles. */}
      {breakStatus.due &&
        breakStatus.every !== null &&
        createPortal(<BreakReminder every={breakStatus.every} count={breakStatus.sinceReminder} />, document.body)}
    </>
  )
}
