import { useEffect, useRef, useState } from 'react'
import { Icon } from '../../components/Icon'
import { useStore } from '../../store'

/** A long search, cut for a sentence. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** How long typing must pause before the search runs; Enter runs it at once. */
export const SEARCH_DEBOUNCE_MS = 250

/**
 * The full-text search box. The draft is local; the applied search lives in the filters. A search that does not
 * parse (unbalanced quotes or parentheses, a bare operator, nothing searchable, too long) is explained under the box
 * and leaves the applied filters as they were; parseSearch never throws, so no input can break the screen.
 */
export function SearchBox() {
  const applied = useStore((s) => s.filters.text ?? '')
  const error = useStore((s) => s.searchError)
  const setSearch = useStore((s) => s.setSearch)
  const [draft, setDraft] = useState(applied)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  // The applied search changed elsewhere (its chip, "Clear filters"): the box follows (React's "adjust state
  // while rendering" pattern, not an effect).
  const [seen, setSeen] = useState(applied)
  if (seen !== applied) {
    setSeen(applied)
    // Only when the box does not already say it: a trailing space being typed must survive the debounce.
    if (draft.trim() !== applied) setDraft(applied)
  }

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), [])

  const apply = (text: string): void => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    setSearch(text)
  }

  return (
    <div className="search-box">
      <label className="search-field">
        <Icon name="search" size={14} />
        <span className="visually-hidden">Search tickets</span>
        <input
          type="search"
          data-testid="search-input"
          value={draft}
          placeholder='Search subject, description, comments — "exact phrase", pay*, OR, -word'
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'search-error' : undefined}
          onChange={(e) => {
            const text = e.target.value
            setDraft(text)
            if (timer.current) clearTimeout(timer.current)
            timer.current = setTimeout(() => apply(text), SEARCH_DEBOUNCE_MS)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply(draft)
            else if (e.key === 'Escape') {
              setDraft('')
              apply('')
            }
          }}
        />
      </label>
      {error && (
        <p id="search-error" className="search-error" role="alert" data-testid="search-error">
          {error}
          {/* What was kept: the grid still shows the last search that worked (or every ticket). */}
          <span className="search-kept">
            {applied ? ` Still showing results for “${shorten(applied)}”.` : ' Still showing every ticket.'}
          </span>
        </p>
      )}
    </div>
  )
}
