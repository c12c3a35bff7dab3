import { useEffect, useState } from 'react'
import type { FieldMapping, SourceSummary } from '../../../shared/api/methods/sources'
import { useStore } from '../../store'
import { formatValueMap, parseFieldId, parseValueMap } from './sourceModel'

interface Draft {
  caseTypeFieldId: string
  caseTypeValues: string
  caseTypeFromTags: boolean
  regionFieldId: string
  regionValues: string
  channelValues: string
}

const toDraft = (m: FieldMapping): Draft => ({
  caseTypeFieldId: m.caseTypeFieldId === null ? '' : String(m.caseTypeFieldId),
  caseTypeValues: formatValueMap(m.caseTypeValues),
  caseTypeFromTags: m.caseTypeFromTags,
  regionFieldId: m.regionFieldId === null ? '' : String(m.regionFieldId),
  regionValues: formatValueMap(m.regionValues),
  channelValues: formatValueMap(m.channelValues),
})

function fromDraft(d: Draft): { ok: true; mapping: FieldMapping } | { ok: false; error: string } {
  const ct = parseFieldId(d.caseTypeFieldId)
  if (!ct.ok) return { ok: false, error: `Case type field: ${ct.error}` }
  const rg = parseFieldId(d.regionFieldId)
  if (!rg.ok) return { ok: false, error: `Region field: ${rg.error}` }
  const maps = [
    ['Case type values', parseValueMap(d.caseTypeValues)],
    ['Region values', parseValueMap(d.regionValues)],
    ['Channels', parseValueMap(d.channelValues)],
  ] as const
  for (const [name, r] of maps) if (!r.ok) return { ok: false, error: `${name}: ${r.error}` }
  const [c, r, ch] = maps.map(([, m]) => (m.ok ? m.map : {}))
  return {
    ok: true,
    mapping: {
      caseTypeFieldId: ct.id,
      caseTypeValues: c ?? {},
      caseTypeFromTags: d.caseTypeFromTags,
      regionFieldId: rg.id,
      regionValues: r ?? {},
      channelValues: ch ?? {},
    },
  }
}

/** Which vendor fields hold the case type and region, and how vendor values map onto the workbench's. */
export function MappingEditor({ source }: { source: SourceSummary }) {
  const loaded = useStore((s) => (s.sourceMapping?.id === source.id ? s.sourceMapping : null))
  const load = useStore((s) => s.loadSourceMapping)
  useEffect(() => {
    void load(source.id)
  }, [load, source.id])
  if (!loaded) return <p className="muted">Loading the field mapping…</p>
  // Keyed by the saved mapping: after a save (or a reload) the form starts again from what is stored.
  return (
    <MappingForm
      key={JSON.stringify(loaded.mapping)}
      source={source}
      mapping={loaded.mapping}
      defaults={loaded.defaults}
    />
  )
}

function MappingForm({
  source,
  mapping,
  defaults,
}: {
  source: SourceSummary
  mapping: FieldMapping
  defaults: FieldMapping
}) {
  const save = useStore((s) => s.saveSourceMapping)
  const [draft, setDraft] = useState<Draft>(() => toDraft(mapping))
  const [error, setError] = useState<string | null>(null)

  const text = (key: 'caseTypeValues' | 'regionValues' | 'channelValues', label: string, hint: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <textarea
        className="input src-map-text"
        rows={5}
        spellCheck={false}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        data-testid={`map-${key}`}
      />
      <span className="muted small">{hint}</span>
    </label>
  )
  const vendor = source.kind === 'zendesk' ? 'Zendesk' : 'vendor'
  return (
    <form
      className="src-form"
      aria-label="Field mapping"
      onSubmit={(e) => {
        e.preventDefault()
        const r = fromDraft(draft)
        if (!r.ok) return setError(r.error)
        setError(null)
        void save(source.id, r.mapping)
      }}
    >
      <p className="muted small">
        Unmapped values are kept as they come. Changes apply to tickets synced from now on. One mapping per line: “
        {vendor} value = workbench value”.
      </p>
      <div className="src-form-row">
        <label className="field">
          <span className="field-label">Case type field id</span>
          <input
            className="input input-narrow"
            inputMode="numeric"
            value={draft.caseTypeFieldId}
            placeholder="none"
            onChange={(e) => setDraft({ ...draft, caseTypeFieldId: e.target.value })}
            data-testid="map-caseTypeFieldId"
          />
        </label>
        <label className="field">
          <span className="field-label">Region field id</span>
          <input
            className="input input-narrow"
            inputMode="numeric"
            value={draft.regionFieldId}
            placeholder="none"
            onChange={(e) => setDraft({ ...draft, regionFieldId: e.target.value })}
            data-testid="map-regionFieldId"
          />
        </label>
        <label className="src-check">
          <input
            type="checkbox"
            checked={draft.caseTypeFromTags}
            onChange={(e) => setDraft({ ...draft, caseTypeFromTags: e.target.checked })}
          />
          Otherwise take the case type from a tag named like one (creator_payouts, ban_appeal, …)
        </label>
      </div>
      <div className="src-map-grid">
        {text('caseTypeValues', 'Case type values', 'e.g. ct_payouts = creator_payouts')}
        {text('regionValues', 'Region values', 'e.g. emea = EU')}
        {text('channelValues', `${vendor} channel → workbench channel`, 'e.g. web = web_form')}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="src-actions">
        <button type="submit" className="btn btn-primary btn-sm" data-testid="map-save">
          Save mapping
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setDraft(toDraft(defaults))}>
          Reset to defaults
        </button>
      </div>
    </form>
  )
}
