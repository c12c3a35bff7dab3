import { VALUE_FILTER_FIELDS } from '../../../shared/domain'
import { Icon } from '../../components/Icon'
import { MultiSelect } from '../../components/MultiSelect'
import { useStore } from '../../store'
import { DateRangeFilter } from './DateRangeFilter'
import { SearchBox } from './SearchBox'
import { ViewsMenu } from '../views/ViewsMenu'
import { activeChips, facetOptions, FILTER_LABELS, hasActiveFilters } from './filterModel'

/** Value filters with counts, the created-date range, and the active filters as removable chips. */
export function FilterBar() {
  const filters = useStore((s) => s.filters)
  const facets = useStore((s) => s.facets)
  const range = useStore((s) => s.dateRange)
  const loading = useStore((s) => s.summaryLoading)
  const setFilterValues = useStore((s) => s.setFilterValues)
  const setDateRange = useStore((s) => s.setDateRange)
  const clearFilters = useStore((s) => s.clearFilters)
  const setSearch = useStore((s) => s.setSearch)
  const chips = activeChips(filters, range)
  const active = hasActiveFilters(filters)

  return (
    <div className="filterbar">
      <h1 className="screen-title">Cases</h1>
      <ViewsMenu />
      <div className="filters" role="search" aria-label="Filter tickets">
        <SearchBox />
        {VALUE_FILTER_FIELDS.map((field) => (
          <MultiSelect
            key={field}
            testId={`filter-${field}`}
            label={FILTER_LABELS[field]}
            options={facetOptions(field, facets?.[field], filters[field] ?? [])}
            selected={filters[field] ?? []}
            loading={loading}
            onChange={(values) => setFilterValues(field, values)}
          />
        ))}
        <DateRangeFilter />
        {chips.length > 0 && (
          <ul className="chips" aria-label="Active filters">
            {chips.map((chip) => (
              <li key={chip.id} className="chip">
                <span>{chip.label}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove filter ${chip.label}`}
                  onClick={() => {
                    if (chip.field === 'created') setDateRange({ preset: 'all' })
                    else if (chip.field === 'text') setSearch('')
                    else
                      setFilterValues(
                        chip.field,
                        (filters[chip.field] ?? []).filter((v) => v !== chip.value),
                      )
                  }}
                >
                  <Icon name="close" size={12} />
                </button>
              </li>
            ))}
          </ul>
        )}
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
    </div>
  )
}
