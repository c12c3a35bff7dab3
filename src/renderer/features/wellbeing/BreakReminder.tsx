import { useEffect } from 'react'
import { Modal } from '../../components/Modal'
import { plural } from '../../lib/format'
import { useStore } from '../../store'
import '../../styles/wellbeing.css'

/**
 * The calm "take a break" suggestion after N reveals. While it shows, the detail panel is blurred (the dialog's
 * backdrop blurs the whole window too), so no sensitive text stays readable behind it. Escape counts as "later".
 */
export function BreakReminder({ every, count }: { every: number; count: number }) {
  const answer = useStore((s) => s.answerReminder)
  useEffect(() => {
    document.body.dataset.wellbeingBreak = 'true'
    return () => {
      delete document.body.dataset.wellbeingBreak
    }
  }, [])
  return (
    <Modal
      title="Time for a short break"
      className="break-dialog"
      testId="break-reminder"
      onClose={() => void answer('later')}
    >
      <p className="break-text">
        You have viewed the text of {plural(count, 'sensitive ticket')} today since your last break. Content like this
        takes a toll, even when it does not feel like it.
      </p>
      <p className="break-text">
        Step away from the screen for a few minutes: stand up, stretch, drink some water, look at something far away.
      </p>
      <p className="break-note">This count is yours alone. It stays on this computer and is never shared.</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => void answer('today')} data-testid="break-today">
          Not again today
        </button>
        <button
          type="button"
          className="btn btn-primary"
          autoFocus
          onClick={() => void answer('later')}
          data-testid="break-later"
        >
          Remind me after {plural(every, 'more reveal')}
        </button>
      </div>
    </Modal>
  )
}
