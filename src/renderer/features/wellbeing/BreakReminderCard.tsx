import { useState } from 'react'
import { MAX_BREAK_EVERY } from '../../../shared/api/methods/wellbeing'
import { useStore } from '../../store'
import { parseBreakEvery } from './wellbeingModel'

const DEFAULT_EVERY = 20

/**
 * "Remind me to take a break after N reveals": on or off, N from 1 to 500, checked before it is sent. The parent keys
 * it by the saved value, so a save starts the form afresh from what was stored.
 */
export function BreakReminderCard({ every }: { every: number | null }) {
  const save = useStore((s) => s.saveBreakReminder)
  const busy = useStore((s) => s.wellbeingBusy)
  const [on, setOn] = useState(every !== null)
  const [text, setText] = useState(String(every ?? DEFAULT_EVERY))
  const [error, setError] = useState<string | null>(null)

  const parsed = parseBreakEvery(text)
  const dirty = on !== (every !== null) || (on && (!parsed.ok || parsed.every !== every))
  const submit = (): void => {
    if (!on) {
      setError(null)
      void save(null)
      return
    }
    if (!parsed.ok) {
      setError(parsed.message)
      return
    }
    setError(null)
    void save(parsed.every)
  }

  return (
    <section className="card wb-card" aria-labelledby="wb-break-title" data-testid="wb-break">
      <h2 id="wb-break-title" className="card-title">
        Break reminder
      </h2>
      <p className="card-text">
        After this many reveals of sensitive text in a day, a short reminder suggests you step away for a few minutes.
      </p>
      <form
        className="wb-break-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <label className="wb-check">
          <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="wb-break-on" />
          Remind me to take a break
        </label>
        <label className="field">
          <span className="field-label">after this many reveals (1–{MAX_BREAK_EVERY})</span>
          <input
            className="input wb-every"
            inputMode="numeric"
            value={text}
            disabled={!on}
            aria-invalid={error !== null}
            aria-describedby={error ? 'wb-break-error' : undefined}
            onChange={(e) => {
              setText(e.target.value)
              setError(null)
            }}
            data-testid="wb-break-every"
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !dirty} data-testid="wb-break-save">
          Save
        </button>
      </form>
      {error && (
        <p id="wb-break-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
