import { useEffect, useRef, useState } from 'react'
import { REDACTABLE_FIELDS, REDACTABLE_FIELD_LABELS, type RedactableField } from '../../../shared/rca'
import { useStore } from '../../store'

/**
 * The packet as it will print, with the redaction choices beside it: emails, phone numbers, handles and chosen fields
 * are redacted by default. The preview is the packet's own HTML in a sandboxed frame (no script runs in it).
 */
export function PreviewPanel() {
  const redaction = useStore((s) => s.rcaRedaction)
  const setRedaction = useStore((s) => s.setRcaRedaction)
  const preview = useStore((s) => s.rcaPreview)
  const loading = useStore((s) => s.rcaPreviewLoading)
  const load = useStore((s) => s.loadRcaPreview)
  const [terms, setTerms] = useState(redaction.terms.join(', '))

  useEffect(() => {
    if (!preview && !loading) void load()
  }, [preview, loading, load])

  const toggle = (key: 'enabled' | 'emails' | 'phones' | 'handles') =>
    setRedaction({ ...redaction, [key]: !redaction[key] })
  const toggleField = (f: RedactableField) =>
    setRedaction({
      ...redaction,
      fields: redaction.fields.includes(f) ? redaction.fields.filter((x) => x !== f) : [...redaction.fields, f],
    })

  return (
    <div className="rca-panel rca-preview" data-testid="rca-preview">
      <fieldset className="rca-redaction">
        <legend>Redaction</legend>
        <label className="rca-check">
          <input
            type="checkbox"
            checked={redaction.enabled}
            onChange={() => toggle('enabled')}
            data-testid="rca-redact-enabled"
          />{' '}
          Redact personal data
        </label>
        <div className={redaction.enabled ? '' : 'rca-disabled'}>
          <label className="rca-check">
            <input
              type="checkbox"
              disabled={!redaction.enabled}
              checked={redaction.emails}
              onChange={() => toggle('emails')}
            />{' '}
            Email addresses
          </label>
          <label className="rca-check">
            <input
              type="checkbox"
              disabled={!redaction.enabled}
              checked={redaction.phones}
              onChange={() => toggle('phones')}
            />{' '}
            Phone numbers
          </label>
          <label className="rca-check">
            <input
              type="checkbox"
              disabled={!redaction.enabled}
              checked={redaction.handles}
              onChange={() => toggle('handles')}
            />{' '}
            @handles
          </label>
          {REDACTABLE_FIELDS.map((f) => (
            <label key={f} className="rca-check">
              <input
                type="checkbox"
                disabled={!redaction.enabled}
                checked={redaction.fields.includes(f)}
                onChange={() => toggleField(f)}
              />{' '}
              {REDACTABLE_FIELD_LABELS[f]}
            </label>
          ))}
          <label className="field">
            <span className="field-label">Also hide these words (comma-separated)</span>
            <input
              className="input input-sm"
              disabled={!redaction.enabled}
              value={terms}
              onChange={(e) => setTerms(e.target.value)}
              onBlur={() =>
                setRedaction({
                  ...redaction,
                  terms: terms
                    .split(',')
                    .map((t) => t.trim())
                    .filter((t) => t.length > 0)
                    .slice(0, 50),
                })
              }
            />
          </label>
        </div>
        {!redaction.enabled && (
          <p className="rca-warning" role="alert">
            Redaction is off: the PDF may hold personal data. Share it only with people cleared to see the tickets.
          </p>
        )}
      </fieldset>
      <p className="small" data-testid="rca-redaction-summary" aria-live="polite">
        {loading ? 'Building the preview…' : (preview?.summary ?? '')}
      </p>
      {preview && <ScaledPage html={preview.html} />}
    </div>
  )
}

/** A4 width in CSS pixels: the packet is laid out at this width and scaled down to fit the panel, as on paper. */
const PAGE_WIDTH = 794

/** The packet in a sandboxed frame (no script, no same-origin), laid out at page width and scaled to the panel. */
function ScaledPage({ html }: { html: string }) {
  const box = useRef<HTMLDivElement>(null)
  const [scale, setScale] = useState(0.4)
  useEffect(() => {
    const el = box.current
    if (!el) return
    const measure = () => setScale(Math.min(1, el.clientWidth / PAGE_WIDTH))
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const height = 4000
  return (
    <div className="rca-preview-box" ref={box} style={{ height: height * scale }}>
      <iframe
        className="rca-preview-frame"
        title="Packet preview"
        sandbox=""
        srcDoc={html}
        style={{ width: PAGE_WIDTH, height, transform: `scale(${scale})` }}
        data-testid="rca-preview-frame"
      />
    </div>
  )
}
