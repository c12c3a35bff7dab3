import { useEffect, useId, useState } from 'react'
import { RANGE_FILTERS, type RangeFilterField } from '../../../shared/domain'
import { Icon } from '../../components/Icon'
import { Popover } from '../../components/Popover'
import { formatInt } from '../../lib/format'
import { useStore } from '../../store'
import {
  moreFiltersCount,
  parseEscalationIds,
  parseRangeDraft,
  rangeDraft,
  withEscalations,
  withFlag,
  withNumberRange,
  type RangeDraft,
} from './filterModel'

type FlagChoice = 'any' | 'flagged' | 'unflagged'

function RangeRow({
  spec,
  draft,
  error,
  onChange,
}: {
  spec: (typeof RANGE_FILTERS)[number]
  draft: RangeDraft
  error: string | null
  onChange(draft: RangeDraft): void
}) {
  const errorId = useId()
  const invalid = error !== null
  const bound = (side: 'min' | 'max') => (
    <input
      type="text"
      inputMode="numeric"
      className="input input-sm more-number"
      aria-label={`${spec.label}, ${side === 'min' ? 'minimum' : 'maximum'}`}
      aria-invalid={invalid}
      aria-describedby={invalid ? errorId : undefined}
      placeholder={side === 'min' ? 'min' : 'max'}
      value={draft[side]}
      data-testid={`range-${spec.key}-${side}`}
      onChange={(e) => onChange({ ...draft, [side]: e.target.value })}
    />
  )
  return (
    <div className="more-row" role="group" aria-label={spec.label}>
      <span className="more-label">{spec.label}</span>
      {bound('min')}
      <span className="muted" aria-hidden="true">
        –
      </span>
      {bound('max')}
      {spec.nullable ? (
        <label className="more-empty">
          <input
            type="checkbox"
            checked={draft.empty}
            onChange={(e) => onChange({ ...draft, empty: e.target.checked })}
          />
          <span>or no value</span>
        </label>
      ) : (
        <span />
      )}
      {invalid && (
        <p className="field-error more-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function MorePanel({ close }: { close(): void }) {
  const filters = useStore((s) => s.filters)
  const facets = useStore((s) => s.facets)
  const setFilters = useStore((s) => s.setFilters)
  const refreshSummary = useStore((s) => s.refreshSummary)
  // Flags are set from the grid without a filter change: recount them each time the panel opens.
  useEffect(() => void refreshSummary(), [refreshSummary])
  const [drafts, setDrafts] = useState(
    () =>
      Object.fromEntries(RANGE_FILTERS.map((r) => [r.key, rangeDraft(filters[r.key])])) as Record<
        RangeFilterField,
        RangeDraft
      >,
  )
  const [flag, setFlag] = useState<FlagChoice>(
    filters.flagged === undefined ? 'any' : filters.flagged ? 'flagged' : 'unflagged',
  )
  const [escalations, setEscalations] = useState((filters.escalationId ?? []).join(', '))

  const parsed = RANGE_FILTERS.map((spec) => ({ spec, result: parseRangeDraft(drafts[spec.key], spec) }))
  const escalationIds = parseEscalationIds(escalations)
  const invalid = parsed.some((p) => !p.result.ok) || !escalationIds.ok

  const apply = (): void => {
    if (invalid) return
    let next = filters
    for (const { spec, result } of parsed) if (result.ok) next = withNumberRange(next, spec.key, result.range)
    next = withFlag(next, flag === 'any' ? undefined : flag === 'flagged')
    if (escalationIds.ok) next = withEscalations(next, escalationIds.ids)
    setFilters(next)
    close()
  }

  const counts = facets?.flagged
  const flagOptions: { value: FlagChoice; label: string; count?: number }[] = [
    { value: 'any', label: 'Either' },
    { value: 'flagged', label: 'Flagged', count: counts?.flagged },
    { value: 'unflagged', label: 'Not flagged', count: counts?.unflagged },
  ]

  return (
    <form
      className="more-panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        apply()
      }}
    >
      <fieldset className="more-section">
        <legend className="more-heading">Numbers (inclusive)</legend>
        {parsed.map(({ spec, result }) => (
          <RangeRow
            key={spec.key}
            spec={spec}
            draft={drafts[spec.key]}
            error={result.ok ? null : result.message}
            onChange={(d) => setDrafts((all) => ({ ...all, [spec.key]: d }))}
          />
        ))}
      </fieldset>
      <fieldset className="more-section more-flag">
        <legend className="more-heading">Flag</legend>
        {flagOptions.map((o) => (
          <label key={o.value} className="more-radio">
            <input
              type="radio"
              name="flag"
              value={o.value}
              checked={flag === o.value}
              onChange={() => setFlag(o.value)}
            />
            <span>{o.label}</span>
            {o.count !== undefined && <span className="multiselect-count">{formatInt(o.count)}</span>}
          </label>
        ))}
      </fieldset>
      <label className="more-section field">
        <span className="more-heading">Escalations</span>
        <input
          type="text"
          className="input input-sm"
          placeholder="Escalation numbers, e.g. 12, 14"
          value={escalations}
          aria-invalid={!escalationIds.ok}
          data-testid="filter-escalations"
          onChange={(e) => setEscalations(e.target.value)}
        />
        {!escalationIds.ok && (
          <span className="field-error" role="alert">
            {escalationIds.message}
          </span>
        )}
      </label>
      <div className="more-footer">
        <button
          type="button"
          className="btn btn-link"
          onClick={() => {
            setDrafts(
              Object.fromEntries(RANGE_FILTERS.map((r) => [r.key, rangeDraft(undefined)])) as Record<
                RangeFilterField,
                RangeDraft
              >,
            )
            setFlag('any')
            setEscalations('')
          }}
        >
          Reset these
        </button>
        <button type="submit" className="btn btn-sm btn-primary" disabled={invalid} data-testid="more-apply">
          Apply
        </button>
      </div>
    </form>
  )
}

/** Numeric ranges, the flag and escalations: filters used less often than the value dropdowns, in one popover. */
export function MoreFilters() {
  const filters = useStore((s) => s.filters)
  const count = moreFiltersCount(filters)
  return (
    <Popover
      testId="filter-more"
      title="More filters"
      active={count > 0}
      align="right"
      className="more-filters"
      label={
        <>
          <span>More filters</span>
          {count > 0 && <span className="btn-filter-value">{count}</span>}
          <Icon name="chevronDown" size={14} />
        </>
      }
    >
      {(close) => <MorePanel close={close} />}
    </Popover>
  )
}
