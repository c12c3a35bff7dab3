import { useCallback } from 'react'
import type { TicketFilters } from '../../../shared/api/contract'
import { FACET_LIMIT } from '../../../shared/api/schemas'
import { VALUE_FILTER_FIELDS, type ValueFilterField } from '../../../shared/domain'
import { Icon } from '../../components/Icon'
import { MultiSelect } from '../../components/MultiSelect'
import { useStore } from '../../store'
import { DateRangeFilter } from './DateRangeFilter'
import { MoreFilters } from './MoreFilters'
import { SearchBox } from './SearchBox'
import { ViewsMenu } from '../views/ViewsMenu'
import {
  activeChips,
  facetOptions,
  FILTER_LABELS,
  hasActiveFilters,
  withEscalations,
  withFlag,
  withNumberRange,
  type FilterChip,
} from './filterModel'

/** Fields with many values (people, tags, labels): their dropdowns always offer type-to-narrow. */
const MANY_VALUES = new Set<ValueFilterField>(['assignee', 'group', 'tags', 'labels'])
/**
 * The analyst's own fields: a review or label set from the grid changes their counts without changing any filter, so
 * their dropdowns recount when opened.
 */
const ANALYST_FIELDS = new Set<ValueFilterField>(['reviewState', 'labels'])

/** The filters without the one a chip shows. */
function withoutChip(filters: TicketFilters, chip: FilterChip): TicketFilters {
  switch (chip.field) {
    case 'flagged':
      return withFlag(filters, undefined)
    case 'escalationId':
      return withEscalations(
        filters,
        (filters.escalationId ?? []).filter((id) => id !== chip.value),
      )
    case 'created':
    case 'text':
      return filters
    default:
      if ('value' in chip) return filters
      return withNumberRange(filters, chip.field, undefined)
  }
}

/** Value filters with counts, the created-date range, more filters, and the active filters as removable chips. */
export function FilterBar() {
  const filters = useStore((s) => s.filters)
  const facets = useStore((s) => s.facets)
  const range = useStore((s) => s.dateRange)
  const loading = useStore((s) => s.summaryLoading)
  const setFilterValues = useStore((s) => s.setFilterValues)
  const setFilters = useStore((s) => s.setFilters)
  const setDateRange = useStore((s) => s.setDateRange)
  const clearFilters = useStore((s) => s.clearFilters)
  const setSearch = useStore((s) => s.setSearch)
  const refreshSummary = useStore((s) => s.refreshSummary)
  const recount = useCallback(() => void refreshSummary(), [refreshSummary])
  const chips = activeChips(filters, range)
  const active = hasActiveFilters(filters)

  const remove = (chip: FilterChip): void => {
    if (chip.field === 'created') setDateRange({ preset: 'all' })
    else if (chip.field === 'text') setSearch('')
    else if ('value' in chip && chip.field !== 'escalationId') {
      const values: (string | null)[] = filters[chip.field] ?? []
      setFilterValues(
        chip.field,
        values.filter((v) => v !== chip.value),
      )
    } else setFilters(withoutChip(filters, chip))
  }

  return (
    <div className="filterbar">
      <div className="filterbar-head" role="search" aria-label="Search and filter tickets">
        <h1 className="screen-title">Cases</h1>
        <ViewsMenu />
        <SearchBox />
        <DateRangeFilter />
        <MoreFilters />
        <button
          type="button"
          className="btn btn-ghost btn-clear"
          onClick={clearFilters}
          disabled={!active}
          data-testid="clear-filters"
        >
          Clear filters
        </button>
      </div>
      <div className="filters" role="group" aria-label="Filter by value">
        {VALUE_FILTER_FIELDS.map((field) => (
          <MultiSelect
            key={field}
            testId={`filter-${field}`}
            label={FILTER_LABELS[field]}
            options={facetOptions(field, facets?.[field], filters[field] ?? [])}
            selected={filters[field] ?? []}
            loading={loading}
            searchable={MANY_VALUES.has(field)}
            limit={MANY_VALUES.has(field) ? FACET_LIMIT : undefined}
            onOpen={ANALYST_FIELDS.has(field) ? recount : undefined}
            onChange={(values) => setFilterValues(field, values)}
          />
        ))}
      </div>
      {chips.length > 0 && (
        <ul className="chips" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.id} className="chip">
              <span>{chip.label}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove filter ${chip.label}`}
                onClick={() => remove(chip)}
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
