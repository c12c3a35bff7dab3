import { useState } from 'react'
import type { WellbeingSettings } from '../../../shared/api/methods/wellbeing'
import { formatInt, plural } from '../../lib/format'
import { useStore } from '../../store'
import { defaultSensitiveTypes, listChange, sameTypes } from './wellbeingModel'

/**
 * The workspace's sensitive case types as checkboxes, built-in defaults marked. Nothing changes until "Save": a
 * change re-hides (or shows again) every ticket of the case types that moved, in one step. The parent keys it by the
 * saved list, so a save starts the checkboxes afresh from what was stored.
 */
export function SensitiveTypesCard({ settings }: { settings: WellbeingSettings }) {
  const save = useStore((s) => s.saveSensitiveTypes)
  const busy = useStore((s) => s.wellbeingBusy)
  const [chosen, setChosen] = useState<string[]>(settings.sensitiveTypes)

  const defaults = defaultSensitiveTypes(settings.options)
  const dirty = !sameTypes(chosen, settings.sensitiveTypes)
  const { hide, show } = listChange(settings.options, chosen)
  const toggle = (key: string, on: boolean): void =>
    setChosen((list) => (on ? [...list.filter((k) => k !== key), key] : list.filter((k) => k !== key)))

  return (
    <section className="card wb-card" aria-labelledby="wb-types-title" data-testid="wb-types">
      <h2 id="wb-types-title" className="card-title">
        Sensitive case types
      </h2>
      <p className="card-text">
        Tickets of these case types show their text blurred until you reveal it, one ticket at a time, and never match a
        search. Tickets flagged sensitive by their source or by you stay hidden whatever you choose here.
      </p>
      <fieldset className="wb-types" disabled={busy}>
        <legend className="visually-hidden">Case types treated as sensitive</legend>
        {settings.options.map((o) => (
          <label key={o.key} className="wb-type">
            <input
              type="checkbox"
              checked={chosen.includes(o.key)}
              onChange={(e) => toggle(o.key, e.target.checked)}
              data-testid={`wb-type-${o.key}`}
            />
            <span className="wb-type-label">{o.label}</span>
            {o.builtIn && <span className="badge">Default</span>}
            <span className="wb-type-count muted" title={`${plural(o.tickets, 'ticket')} in this workspace`}>
              {formatInt(o.tickets)}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="wb-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || !dirty}
          onClick={() => void save(chosen)}
          data-testid="wb-types-save"
        >
          {busy ? 'Applying…' : 'Save'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || sameTypes(chosen, defaults)}
          onClick={() => setChosen(defaults)}
          data-testid="wb-types-defaults"
        >
          Restore defaults
        </button>
        {dirty && (
          <span className="muted" role="status">
            {hide > 0 && `${plural(hide, 'ticket')} will be hidden. `}
            {show > 0 && `${plural(show, 'ticket')} will show their text again (unless flagged).`}
            {hide === 0 && show === 0 && 'No ticket in this workspace changes.'}
          </span>
        )}
      </div>
    </section>
  )
}
