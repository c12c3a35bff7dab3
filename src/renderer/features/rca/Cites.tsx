import type { RcaEvidence } from '../../../shared/rca'
import { Icon } from '../../components/Icon'

/** The evidence a claim cites, as removable chips, and a menu to cite one more. E-numbers follow attach order. */
export function Cites({
  value,
  evidence,
  onChange,
  label,
}: {
  value: readonly number[]
  evidence: readonly RcaEvidence[]
  onChange: (ids: number[]) => void
  /** What the claim is, for screen readers ("Why 2"). */
  label: string
}) {
  const number = (id: number) => evidence.findIndex((e) => e.id === id) + 1
  const available = evidence.filter((e) => !value.includes(e.id))
  return (
    <div className="rca-cites" role="group" aria-label={`Evidence cited by ${label}`}>
      {value.map((id) => {
        const ev = evidence.find((e) => e.id === id)
        return (
          <span key={id} className="rca-cite" title={ev?.label ?? 'Evidence no longer attached'}>
            E{number(id) || '?'}
            <button
              type="button"
              className="btn-icon rca-cite-remove"
              aria-label={`Stop citing E${number(id)} in ${label}`}
              onClick={() => onChange(value.filter((v) => v !== id))}
            >
              <Icon name="close" size={10} />
            </button>
          </span>
        )
      })}
      {evidence.length > 0 && (
        <select
          className="input input-sm rca-cite-add"
          aria-label={`Cite evidence in ${label}`}
          value=""
          disabled={available.length === 0}
          onChange={(e) => {
            const id = Number(e.target.value)
            if (id) onChange([...value, id])
          }}
        >
          <option value="">{available.length === 0 ? 'All cited' : '+ Cite'}</option>
          {available.map((ev) => (
            <option key={ev.id} value={ev.id}>
              E{number(ev.id)} · {ev.label}
            </option>
          ))}
        </select>
      )}
    </div>
  )
}
