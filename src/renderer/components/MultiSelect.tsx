import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
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
  /** Offer the type-to-narrow box whatever the number of options (fields with many values). */
  searchable?: boolean
  /** The options are the most frequent this many values: said in the footer when the list is that long. */
  limit?: number
  /** Called each time the dropdown opens (to recount values that change without a filter change). */
  onOpen?: () => void
}

/** Runs `effect` once when mounted: the dropdown's panel mounts each time it opens. */
function OnMount({ effect }: { effect?: () => void }) {
  useEffect(() => effect?.(), [effect])
  return null
}

const keyOf = (v: string | null): string => (v === null ? '\u0000none' : v)

/** A filter dropdown: ticks with the number of tickets each value would match under the other filters. */
export function MultiSelect({
  label,
  options,
  selected,
  onChange,
  testId,
  loading,
  searchable,
  limit,
  onOpen,
}: MultiSelectProps) {
  const [query, setQuery] = useState('')
  const listRef = useRef<HTMLFieldSetElement>(null)
  const chosen = new Set(selected.map(keyOf))
  const firstSelected = options.find((o) => chosen.has(keyOf(o.value)))
  const summary =
    selected.length === 0 ? null : selected.length === 1 && firstSelected ? firstSelected.label : `${selected.length}`
  const needle = query.trim().toLocaleLowerCase()
  const shown = needle
    ? options.filter(
        (o) => o.label.toLocaleLowerCase().includes(needle) || (o.value ?? '').toLocaleLowerCase().includes(needle),
      )
    : options
  const boxes = (): HTMLInputElement[] => [...(listRef.current?.querySelectorAll('input') ?? [])]

  // Arrow keys walk the list (and back up to the search box); Enter in the search box ticks the first match.
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      boxes()[0]?.focus()
    } else if (e.key === 'Enter') {
      e.preventDefault()
      const first = shown[0]
      if (first) toggle(first.value)
    }
  }
  const onListKey = (e: KeyboardEvent<HTMLFieldSetElement>): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    const all = boxes()
    const at = all.indexOf(document.activeElement as HTMLInputElement)
    if (at < 0) return
    e.preventDefault()
    const next = at + (e.key === 'ArrowDown' ? 1 : -1)
    if (next < 0) listRef.current?.parentElement?.querySelector<HTMLInputElement>('.multiselect-search')?.focus()
    else all[Math.min(next, all.length - 1)]?.focus()
  }

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
          <OnMount effect={onOpen} />
          {(searchable || options.length > 8) && (
            <input
              type="search"
              className="input input-sm multiselect-search"
              placeholder="Type to narrow…"
              aria-label={`Narrow the ${label.toLowerCase()} values`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={onSearchKey}
            />
          )}
          <fieldset className="multiselect-list" ref={listRef} onKeyDown={onListKey}>
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
            <span className="muted">
              {limit !== undefined && options.length >= limit
                ? `The ${limit} most frequent, under the other filters`
                : 'Counts under the other filters'}
            </span>
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
