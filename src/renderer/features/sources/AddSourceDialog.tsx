import { useState } from 'react'
import { CONNECTOR_KINDS, CONNECTOR_LABELS, DEFAULT_SCHEDULE_MINUTES } from '../../../shared/api/methods/sources'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Modal } from '../../components/Modal'
import { useStore } from '../../store'
import { CredentialsFields, credentialsFrom, EMPTY_CREDENTIALS } from './CredentialsFields'
import type { SourceDraft } from './sourcesSlice'

const PLACEHOLDER: Record<SourceDraft['kind'], string> = {
  zendesk: 'acme, or https://acme.zendesk.com',
  salesforce: 'https://acme.my.salesforce.com',
  hubspot: 'https://api.hubapi.com',
}

/** Adding a source: kind, name, address, credentials and schedule in one form. */
/** What fetching the thread costs differs by vendor: say it in its terms. */
const COMMENTS_LABEL: Record<SourceDraft['kind'], string> = {
  zendesk: 'Fetch comments of changed tickets (one request per ticket)',
  salesforce: 'Fetch case comments and emails (in the same query as the cases)',
  hubspot: 'Fetch associated notes, emails and messages (a few requests per page of tickets)',
}

export function AddSourceDialog({ onClose }: { onClose(): void }) {
  const add = useStore((s) => s.addSource)
  const busy = useStore((s) => s.sourcesBusy)
  const [draft, setDraft] = useState<SourceDraft>({
    kind: 'zendesk',
    name: '',
    baseUrl: '',
    scheduleMinutes: DEFAULT_SCHEDULE_MINUTES,
    fetchComments: true,
  })
  const [creds, setCreds] = useState(EMPTY_CREDENTIALS)
  const [askPlain, setAskPlain] = useState(false)

  const submit = async (acceptPlainText: boolean): Promise<void> => {
    const outcome = await add(draft, credentialsFrom(creds), acceptPlainText)
    if (outcome === 'saved') onClose()
    else if (outcome === 'needs-plain-text-consent') setAskPlain(true)
  }

  return (
    <Modal title="Add a source" onClose={onClose} testId="add-source" className="src-dialog">
      <form
        className="src-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit(false)
        }}
      >
        <div className="src-form-row">
          <label className="field">
            <span className="field-label">Kind</span>
            <select
              className="input"
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as SourceDraft['kind'] })}
              data-testid="source-kind"
            >
              {CONNECTOR_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CONNECTOR_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-grow">
            <span className="field-label">Name</span>
            <input
              className="input"
              required
              maxLength={80}
              value={draft.name}
              placeholder="e.g. Creator support Zendesk"
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              data-testid="source-name"
            />
          </label>
        </div>
        <label className="field">
          <span className="field-label">Address</span>
          <input
            className="input"
            required
            maxLength={500}
            value={draft.baseUrl}
            placeholder={PLACEHOLDER[draft.kind]}
            onChange={(e) => setDraft({ ...draft, baseUrl: e.target.value })}
            data-testid="source-url"
          />
        </label>
        <fieldset className="src-fieldset">
          <legend className="field-label">Credentials (kept outside the workspace file, never shown again)</legend>
          <CredentialsFields kind={draft.kind} draft={creds} onChange={setCreds} />
        </fieldset>
        <div className="src-form-row">
          <label className="field">
            <span className="field-label">Sync every (minutes, 0 = only when asked)</span>
            <input
              className="input input-narrow"
              type="number"
              min={0}
              max={10_080}
              value={draft.scheduleMinutes}
              onChange={(e) =>
                setDraft({ ...draft, scheduleMinutes: Math.max(0, Math.floor(Number(e.target.value) || 0)) })
              }
              data-testid="source-schedule"
            />
          </label>
          <label className="src-check">
            <input
              type="checkbox"
              checked={draft.fetchComments}
              onChange={(e) => setDraft({ ...draft, fetchComments: e.target.checked })}
            />
            {COMMENTS_LABEL[draft.kind]}
          </label>
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !draft.name.trim() || !draft.baseUrl.trim()}
            data-testid="source-save"
          >
            Add source
          </button>
        </div>
      </form>
      {askPlain && (
        <ConfirmDialog
          title="Store the credentials in a file?"
          confirmLabel="Store them"
          onCancel={() => setAskPlain(false)}
          onConfirm={() => {
            setAskPlain(false)
            void submit(true)
          }}
        >
          <p>
            This computer has no system keychain here, so the credentials would be kept unencrypted in a file that only
            your user account can read. Anyone with access to your account could read them.
          </p>
        </ConfirmDialog>
      )}
    </Modal>
  )
}
