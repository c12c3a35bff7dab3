import { useState } from 'react'
import { Icon } from '../../components/Icon'
import { Popover } from '../../components/Popover'
import { analystTimeZone } from '../../lib/format'
import { useStore } from '../../store'
import { DATE_PRESETS, describeRange, presetRange, type DateRange } from './filterModel'

function RangePanel({ range, onApply }: { range: DateRange; onApply(range: DateRange): void }) {
  const [from, setFrom] = useState(range.from ?? '')
  const [to, setTo] = useState(range.to ?? '')
  const zone = analystTimeZone()
  const invalid = from !== '' && to !== '' && from > to
  return (
    <div className="range-panel">
      <div className="range-presets" role="group" aria-label="Quick ranges">
        {DATE_PRESETS.map((p) => (
          <button
            key={p.preset}
            type="button"
            className={`btn btn-sm${range.preset === p.preset ? ' is-pressed' : ''}`}
            aria-pressed={range.preset === p.preset}
            onClick={() => onApply(presetRange(p.preset, zone, Date.now()))}
          >
            {p.label}
          </button>
        ))}
      </div>
      <form
        className="range-custom"
        onSubmit={(e) => {
          e.preventDefault()
          if (invalid) return
          onApply(from || to ? { preset: 'custom', from: from || undefined, to: to || undefined } : { preset: 'all' })
        }}
      >
        <label className="field">
          <span className="field-label">From</span>
          <input
            type="date"
            className="input input-sm"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">To (included)</span>
          <input
            type="date"
            className="input input-sm"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-sm btn-primary" disabled={invalid}>
          Apply
        </button>
      </form>
      <p className="range-note">
        {invalid
          ? 'The “from” day must come before the “to” day.'
          : `Whole days in ${zone}, from midnight to midnight.`}
      </p>
    </div>
  )
}

/** The created-date filter: quick ranges and custom days, cut in the analyst's time zone. */
export function DateRangeFilter() {
  const range = useStore((s) => s.dateRange)
  const setDateRange = useStore((s) => s.setDateRange)
  const active = range.preset !== 'all'
  return (
    <Popover
      testId="filter-created"
      title="Created date"
      active={active}
      label={
        <>
          <Icon name="calendar" size={14} />
          <span>Created</span>
          <span className={active ? 'btn-filter-value' : 'muted'}>{describeRange(range)}</span>
          <Icon name="chevronDown" size={14} />
        </>
      }
    >
      {(close) => (
        <RangePanel
          range={range}
          onApply={(r) => {
            setDateRange(r)
            close()
          }}
        />
      )}
    </Popover>
  )
}
