import { useMemo } from 'react'
import { highlightSegments, type SearchTerm } from '../../shared/search'

/** Text with the matches of a search wrapped in <mark>: React elements over plain strings, never HTML. */
export function Highlighted({ text, terms }: { text: string; terms: readonly SearchTerm[] }) {
  const segments = useMemo(() => highlightSegments(text, terms), [text, terms])
  if (segments.length === 1 && !segments[0]?.match) return <>{text}</>
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          <mark key={i} className="search-hit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  )
}
