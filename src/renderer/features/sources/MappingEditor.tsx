import { useEffect, useState } from 'react'
import type { FieldMapping, SourceSummary, VendorMapping } from '../../../shared/api/methods/sources'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { formatValueMap, parseFieldId, parseFieldName, parseValueMap, sameMapping, VENDOR_WORDS } from './sourceModel'

interface Draft {
  caseTypeFieldId: string
  caseTypeValues: string
  caseTypeFromTags: boolean
  regionFieldId: string
  regionValues: string
  channelValues: string
  /** Salesforce and HubSpot: present when the source has a vendor part. */
  vendor: { statusValues: string; priorityValues: string; caseTypeField: string; regionField: string } | null
}

const vendorDraft = (v: VendorMapping | undefined): Draft['vendor'] =>
  v
    ? {
        statusValues: formatValueMap(v.statusValues),
        priorityValues: formatValueMap(v.priorityValues),
        caseTypeField: v.caseTypeField,
        regionField: v.regionField ?? '',
      }
    : null

const toDraft = (m: FieldMapping, defaults: FieldMapping): Draft => ({
  caseTypeFieldId: m.caseTypeFieldId === null ? '' : String(m.caseTypeFieldId),
  caseTypeValues: formatValueMap(m.caseTypeValues),
  caseTypeFromTags: m.caseTypeFromTags,
  regionFieldId: m.regionFieldId === null ? '' : String(m.regionFieldId),
  regionValues: formatValueMap(m.regionValues),
  channelValues: formatValueMap(m.channelValues),
  vendor: vendorDraft(m.vendor ?? defaults.vendor),
})

function vendorFromDraft(
  v: NonNullable<Draft['vendor']>,
  words: { status: string; field: string },
): { ok: true; vendor: VendorMapping } | { ok: false; error: string } {
  const status = parseValueMap(v.statusValues)
  if (!status.ok) return { ok: false, error: `${words.status}: ${status.error}` }
  const priority = parseValueMap(v.priorityValues)
  if (!priority.ok) return { ok: false, error: `Priorities: ${priority.error}` }
  const caseType = parseFieldName(v.caseTypeField, false)
  if (!caseType.ok || caseType.name === null)
    return { ok: false, error: `Case type ${words.field}: ${caseType.ok ? 'choose one' : caseType.error}` }
  const region = parseFieldName(v.regionField, true)
  if (!region.ok) return { ok: false, error: `Region ${words.field}: ${region.error}` }
  return {
    ok: true,
    vendor: {
      statusValues: status.map,
      priorityValues: priority.map,
      caseTypeField: caseType.name,
      regionField: region.name,
    },
  }
}

function fromDraft(
  d: Draft,
  words: { status: string; field: string },
): { ok: true; mapping: FieldMapping } | { ok: false; error: string } {
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
  let vendor: VendorMapping | undefined
  if (d.vendor) {
    const v = vendorFromDraft(d.vendor, words)
    if (!v.ok) return v
    vendor = v.vendor
  }
  return {
    ok: true,
    mapping: {
      caseTypeFieldId: ct.id,
      caseTypeValues: c ?? {},
      caseTypeFromTags: d.caseTypeFromTags,
      regionFieldId: rg.id,
      regionValues: r ?? {},
      channelValues: ch ?? {},
      ...(vendor ? { vendor } : {}),
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
  const sync = useStore((s) => s.syncSource)
  const [draft, setDraft] = useState<Draft>(() => toDraft(mapping, defaults))
  const [error, setError] = useState<string | null>(null)
  const [askResync, setAskResync] = useState(false)

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
  const words = VENDOR_WORDS[source.kind]
  const vendor = words.name
  const parsed = fromDraft(draft, words)
  const unsaved = !parsed.ok || !sameMapping(parsed.mapping, mapping)
  const v = draft.vendor
  const setVendor = (patch: Partial<NonNullable<Draft['vendor']>>): void => {
    if (v) setDraft({ ...draft, vendor: { ...v, ...patch } })
  }
  return (
    <form
      className="src-form"
      aria-label="Field mapping"
      onSubmit={(e) => {
        e.preventDefault()
        const r = fromDraft(draft, words)
        if (!r.ok) return setError(r.error)
        setError(null)
        void save(source.id, r.mapping)
      }}
    >
      <p className="muted small">
        Unmapped values are kept as they come. Changes apply to tickets synced from now on (re-sync from the start,
        below, to apply them to those already cached). One mapping per line: “{vendor} value = workbench value”.
      </p>
      {v ? (
        <>
          <div className="src-map-fields">
            <label className="field">
              <span className="field-label">Case type {words.field}</span>
              <input
                className="input"
                spellCheck={false}
                value={v.caseTypeField}
                onChange={(e) => setVendor({ caseTypeField: e.target.value })}
                data-testid="map-vendor-caseTypeField"
              />
              <span className="muted small">{words.caseTypeHint}</span>
            </label>
            <label className="field">
              <span className="field-label">Region {words.field}</span>
              <input
                className="input"
                spellCheck={false}
                value={v.regionField}
                placeholder="none"
                onChange={(e) => setVendor({ regionField: e.target.value })}
                data-testid="map-vendor-regionField"
              />
              <span className="muted small">Leave empty when no {words.field} holds the region.</span>
            </label>
          </div>
          <div className="src-map-grid">
            <label className="field">
              <span className="field-label">{words.status} → workbench status</span>
              <textarea
                className="input src-map-text"
                rows={5}
                spellCheck={false}
                value={v.statusValues}
                onChange={(e) => setVendor({ statusValues: e.target.value })}
                data-testid="map-vendor-statusValues"
              />
              <span className="muted small">
                new, open, pending, hold, solved or closed; e.g. {words.statusExample}
              </span>
            </label>
            <label className="field">
              <span className="field-label">{vendor} priority → workbench priority</span>
              <textarea
                className="input src-map-text"
                rows={5}
                spellCheck={false}
                value={v.priorityValues}
                onChange={(e) => setVendor({ priorityValues: e.target.value })}
                data-testid="map-vendor-priorityValues"
              />
              <span className="muted small">urgent, high, normal or low; e.g. {words.priorityExample}</span>
            </label>
          </div>
        </>
      ) : (
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
      )}
      <div className="src-map-grid">
        {text('caseTypeValues', 'Case type values', 'e.g. ct_payouts = creator_payouts')}
        {text('regionValues', 'Region values', 'e.g. emea = EU')}
        {text('channelValues', `${vendor} ${words.channel} → workbench channel`, `e.g. ${words.channelExample}`)}
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
        <button type="button" className="btn btn-sm" onClick={() => setDraft(toDraft(defaults, defaults))}>
          Reset to defaults
        </button>
      </div>
      <div className="src-resync" data-testid="map-resync">
        <p className="muted small">
          The {formatInt(source.tickets)} tickets already cached keep the mapping they were synced with. Re-syncing from
          the start reads every {vendor} ticket of this source again and applies the saved mapping to all of them;
          notes, labels and reviews stay.
          {unsaved && ' Save the mapping first.'}
          {source.status === 'running' && ' A sync of this source is running; wait for it to finish.'}
        </p>
        <button
          type="button"
          className="btn btn-sm"
          disabled={unsaved || source.status === 'running'}
          onClick={() => setAskResync(true)}
          data-testid="map-resync-button"
        >
          Re-sync from the start…
        </button>
      </div>
      {askResync && (
        <ConfirmDialog
          title={`Re-sync ${source.name} from the start?`}
          confirmLabel="Re-sync from the start"
          onCancel={() => setAskResync(false)}
          onConfirm={() => {
            setAskResync(false)
            void sync(source.id, { fromStart: true })
          }}
        >
          <p>
            Every {vendor} ticket of this source is read again, and the saved field mapping is applied to the{' '}
            {formatInt(source.tickets)} tickets already in this workspace. It takes about as long as the first sync did.
          </p>
          <p>
            It runs in the background and the workbench stays usable. Your notes, labels and reviews are kept. If it is
            cancelled or the app closes, the next sync goes on from where it stopped.
          </p>
        </ConfirmDialog>
      )}
    </form>
  )
}
