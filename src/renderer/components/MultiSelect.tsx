import { useState } from 'react'
import { formatInt } from '../lib/format'
import { Icon } from './Icon'
import { Popover } from './Popover'

export interface MultiSelectOption {
  value: string | null
  label: string
  count: number
}

interface MultiSelectProps {
  label: string
  options: MultiSelectOption[]
  selected: readonly (string | null)[]
  onChange(values: (string | null)[]): void
  testId?: string
  loading?: boolean
}

const keyOf = (v: string | null): string => (v === null ? '\u0000none' : v)

/** A filter dropdown: ticks with the number of tickets each value would match under the other filters. */
export function MultiSelect({ label, options, selected, onChange, testId, loading }: MultiSelectProps) {
  const [query, setQuery] = useState('')
  const chosen = new Set(selected.map(keyOf))
  const firstSelected = options.find((o) => chosen.has(keyOf(o.value)))
  const summary =
    selected.length === 0 ? null : selected.length === 1 && firstSelected ? firstSelected.label : `${selected.length}`
  const shown = query ? options.filter((o) => o.label.toLowerCase().includes(query.trim().toLowerCase())) : options

  const toggle = (value: string | null): void => {
    const k = keyOf(value)
    onChange(chosen.has(k) ? selected.filter((v) => keyOf(v) !== k) : [...selected, value])
  }

  return (
    <Popover
      testId={testId}
      title={`${label} filter`}
      active={selected.length > 0}
      label={
        <>
          <span>{label}</span>
          {summary !== null && <span className="btn-filter-value">{summary}</span>}
          <Icon name="chevronDown" size={14} />
        </>
      }
    >
      {() => (
        <div className="multiselect">
          {options.length > 8 && (
            <input
              type="search"
              className="input input-sm multiselect-search"
              placeholder={`Find a ${label.toLowerCase()}`}
              aria-label={`Find a ${label.toLowerCase()}`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          )}
          <fieldset className="multiselect-list">
            <legend className="visually-hidden">{label}</legend>
            {shown.length === 0 && <p className="multiselect-empty">{loading ? 'Counting…' : 'No values match.'}</p>}
            {shown.map((o) => (
              <label key={keyOf(o.value)} className={`multiselect-option${o.count === 0 ? ' is-empty' : ''}`}>
                <input type="checkbox" checked={chosen.has(keyOf(o.value))} onChange={() => toggle(o.value)} />
                <span className="multiselect-label">{o.label}</span>
                <span className="multiselect-count">{formatInt(o.count)}</span>
              </label>
            ))}
          </fieldset>
          <div className="multiselect-footer">
            <span className="muted">Counts under the other filters</span>
            <button
              type="button"
              className="btn btn-link"
              disabled={selected.length === 0}
              onClick={() => onChange([])}
            >
              Clear
            </button>
          </div>
        </div>
      )}
    </Popover>
  )
}
