/**
 * Grey blurred bars standing in for withheld text. They hold no text at all (not even hidden), so nothing harmful is
 * in the page until the analyst asks for it.
 */
export function SensitivePlaceholder({ lines = 3, label }: { lines?: number; label: string }) {
  const widths = [96, 88, 92, 70, 84, 60]
  return (
    <div className="placeholder" role="img" aria-label={label} data-testid="sensitive-placeholder">
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="placeholder-line" style={{ width: `${widths[i % widths.length] ?? 80}%` }} />
      ))}
    </div>
  )
}
