import {
  DURATION_FIELDS,
  DURATION_UNITS,
  IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  REQUIRED_FIELDS,
  type DurationField,
  type DurationUnit,
  type ImportField,
  type ImportInspection,
  type ImportMapping,
} from '../../../shared/importMapping'
import { assignColumn, fieldOfColumn, sampleValues } from './mappingModel'

const UNIT_LABELS: Record<DurationUnit, string> = {
  minutes: 'minutes',
  seconds: 'seconds',
  milliseconds: 'milliseconds',
  hours: 'hours',
}

/** One row per file column: its sample values and the workbench field it fills. */
export function MappingTable({
  inspection,
  mapping,
  onChange,
}: {
  inspection: ImportInspection
  mapping: ImportMapping
  onChange(mapping: ImportMapping): void
}) {
  return (
    <table className="table import-mapping" data-testid="import-mapping">
      <thead>
        <tr>
          <th scope="col">File column</th>
          <th scope="col">Sample values</th>
          <th scope="col">Workbench field</th>
        </tr>
      </thead>
      <tbody>
        {inspection.columns.map((column, i) => {
          const field = fieldOfColumn(mapping, column)
          const samples = sampleValues(inspection, column)
          const isDuration = field !== null && (DURATION_FIELDS as readonly string[]).includes(field)
          return (
            <tr key={`${column}-${i}`} className={field ? 'is-mapped' : undefined}>
              <th scope="row" className="import-column">
                <code>{column || `(column ${i + 1})`}</code>
              </th>
              <td className="import-samples">
                {samples.length ? (
                  samples.map((s, k) => <span key={k}>{s}</span>)
                ) : (
                  <span className="muted">empty</span>
                )}
              </td>
              <td>
                <div className="import-field">
                  <select
                    className="input input-sm"
                    aria-label={`Workbench field for ${column}`}
                    data-testid={`map-${column}`}
                    value={field ?? ''}
                    onChange={(e) =>
                      onChange(assignColumn(mapping, column, (e.target.value || null) as ImportField | null))
                    }
                  >
                    <option value="">— not imported —</option>
                    {IMPORT_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {IMPORT_FIELD_LABELS[f]}
                        {REQUIRED_FIELDS.includes(f) ? ' (required)' : ''}
                        {mapping.columns[f] && mapping.columns[f] !== column ? ` — now ${mapping.columns[f]}` : ''}
                      </option>
                    ))}
                  </select>
                  {isDuration && (
                    <select
                      className="input input-sm"
                      aria-label={`Unit of ${column}`}
                      value={mapping.durationUnits[field as DurationField] ?? 'minutes'}
                      onChange={(e) =>
                        onChange({
                          ...mapping,
                          durationUnits: {
                            ...mapping.durationUnits,
                            [field as DurationField]: e.target.value as DurationUnit,
                          },
                        })
                      }
                    >
                      {DURATION_UNITS.map((u) => (
                        <option key={u} value={u}>
                          in {UNIT_LABELS[u]}
                        </option>
                      ))}
                    </select>
                  )}
                </div>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
