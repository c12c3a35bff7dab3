import { useMemo } from 'react'
import { parseSearch, type SearchTerm } from '../../../shared/search'
import { useStore } from '../../store'

const NONE: readonly SearchTerm[] = []

/** The words and phrases of the applied search, for highlighting (excluded words are not included). */
export function useSearchTerms(): readonly SearchTerm[] {
  const text = useStore((s) => s.filters.text)
  return useMemo(() => {
    if (!text) return NONE
    const parsed = parseSearch(text)
    return parsed.ok ? parsed.terms : NONE
  }, [text])
}
