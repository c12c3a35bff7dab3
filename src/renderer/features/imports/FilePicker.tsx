import { useRef } from 'react'
import { Icon } from '../../components/Icon'
import { transportKind } from '../../api/client'
import { formatInt } from '../../lib/format'
import { useStore } from '../../store'

const ACCEPT = '.csv,.tsv,.txt,.json,.ndjson,.jsonl,.xlsx'

/** Step 1: a file from disk (desktop: the system dialog; browser: an upload to the local server). */
export function FilePicker({ again = false }: { again?: boolean }) {
  const choose = useStore((s) => s.chooseImportFile)
  const busy = useStore((s) => s.importBusy)
  const upload = useStore((s) => s.uploadProgress)
  const input = useRef<HTMLInputElement>(null)
  const web = transportKind() === 'web'
  const label = again ? 'Choose another file…' : 'Choose a file…'
  return (
    <div className="import-picker">
      {web ? (
        <>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            className="visually-hidden"
            id="import-file"
            aria-label={label}
            // The button below is the way in, by keyboard too; the hidden input is not a second tab stop.
            tabIndex={-1}
            data-testid="import-file-input"
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (file) void choose(file)
            }}
          />
          <button
            type="button"
            className={`btn${again ? '' : ' btn-primary'}`}
            disabled={busy}
            onClick={() => input.current?.click()}
          >
            <Icon name="upload" size={14} /> {label}
          </button>
        </>
      ) : (
        <button
          type="button"
          className={`btn${again ? '' : ' btn-primary'}`}
          disabled={busy}
          onClick={() => void choose()}
        >
          <Icon name="upload" size={14} /> {label}
        </button>
      )}
      {upload && (
        <span className="import-upload" role="status">
          <progress max={upload.total || 1} value={upload.sent} aria-label="Uploading the file" />
          Uploading {formatInt(Math.round(upload.sent / 1e6))} / {formatInt(Math.round(upload.total / 1e6))} MB
        </span>
      )}
      {busy && !upload && (
        <span className="muted" role="status">
          Reading the file…
        </span>
      )}
    </div>
  )
}
