import { CHANNELS, PRIORITIES, REGIONS, STATUSES } from '../../../shared/domain'
import {
  IMPORT_FIELD_LABELS,
  type ConstantField,
  type ImportInspection,
  type ImportMapping,
  type ValueMappedField,
} from '../../../shared/importMapping'
import { setValueMapping, valueFields } from './mappingModel'

/** Workbench values offered for each field (others may be typed: unknown values are kept as written). */
const KNOWN: Record<ValueMappedField, readonly string[]> = {
  status: STATUSES,
  priority: PRIORITIES,
  channel: CHANNELS,
  type: ['question', 'incident', 'problem', 'task', 'call'],
  caseType: [],
  region: REGIONS,
}

/** Fields that may take one value for every row when no column fills them. */
const DEFAULTABLE: ConstantField[] = ['channel', 'status', 'subject']

/** File value -> workbench value, for the value-mapped fields that read a column; and defaults for the rest. */
export function ValueMappings({
  inspection,
  mapping,
  onChange,
}: {
  inspection: ImportInspection
  mapping: ImportMapping
  onChange(mapping: ImportMapping): void
}) {
  const fields = valueFields(mapping, inspection).filter((f) => f.values.length > 0)
  const defaults = DEFAULTABLE.filter((f) => !mapping.columns[f])
  return (
    <div className="import-values">
      {fields.map(({ field, values }) => (
        <fieldset key={field} className="import-value-table" data-testid={`values-${field}`}>
          <legend>{IMPORT_FIELD_LABELS[field]} values</legend>
          <datalist id={`known-${field}`}>
            {KNOWN[field].map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          {values.slice(0, 12).map((value) => (
            <label key={value} className="import-value-row">
              <span className="import-value-from" title={value}>
                {value}
              </span>
              <span aria-hidden="true">→</span>
              <input
                className="input input-sm"
                list={`known-${field}`}
                placeholder="as written"
                aria-label={`${IMPORT_FIELD_LABELS[field]} for “${value}”`}
                value={mapping.values[field]?.[value] ?? ''}
                onChange={(e) => onChange(setValueMapping(mapping, field, value, e.target.value))}
              />
            </label>
          ))}
          {values.length > 12 && <p className="small muted">and {values.length - 12} more values, kept as written</p>}
        </fieldset>
      ))}
      {defaults.length > 0 && (
        <fieldset className="import-value-table">
          <legend>Same value for every row</legend>
          {defaults.map((field) => (
            <label key={field} className="import-value-row">
              <span className="import-value-from">{IMPORT_FIELD_LABELS[field]}</span>
              <span aria-hidden="true">=</span>
              <input
                className="input input-sm"
                list={field === 'subject' ? undefined : `known-default-${field}`}
                placeholder={
                  field === 'status' ? 'open, or solved when solved' : field === 'channel' ? 'unknown' : 'empty'
                }
                aria-label={`${IMPORT_FIELD_LABELS[field]} for every row`}
                value={mapping.constants[field] ?? ''}
                onChange={(e) => {
                  const constants = { ...mapping.constants }
                  if (e.target.value.trim()) constants[field] = e.target.value.trim()
                  else delete constants[field]
                  onChange({ ...mapping, constants })
                }}
              />
              {field !== 'subject' && (
                <datalist id={`known-default-${field}`}>
                  {KNOWN[field as ValueMappedField].map((v) => (
                    <option key={v} value={v} />
                  ))}
                </datalist>
              )}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  )
}
