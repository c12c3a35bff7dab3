import type { SourceCredentials, SourceSummary } from '../../../shared/api/methods/sources'

export interface CredentialsDraft {
  email: string
  apiToken: string
  accessToken: string
  clientId: string
  clientSecret: string
}

export const EMPTY_CREDENTIALS: CredentialsDraft = {
  email: '',
  apiToken: '',
  accessToken: '',
  clientId: '',
  clientSecret: '',
}

/** The filled fields as the API takes them; null when nothing was typed. */
export function credentialsFrom(draft: CredentialsDraft): SourceCredentials | null {
  const out: SourceCredentials = {}
  for (const [k, v] of Object.entries(draft) as [keyof CredentialsDraft, string][]) if (v.trim()) out[k] = v.trim()
  return Object.keys(out).length ? out : null
}

/** Credentials fields per kind. Secrets are write-only: typed here, never shown back. */
export function CredentialsFields({
  kind,
  draft,
  onChange,
}: {
  kind: SourceSummary['kind']
  draft: CredentialsDraft
  onChange(d: CredentialsDraft): void
}) {
  const field = (key: keyof CredentialsDraft, label: string, secret: boolean, hint?: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input"
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={draft[key]}
        onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
        data-testid={`cred-${key}`}
      />
      {hint && <span className="muted small">{hint}</span>}
    </label>
  )
  if (kind === 'zendesk')
    return (
      <div className="src-cred-grid">
        {field('email', 'Agent email', false, 'The agent the API token belongs to.')}
        {field('apiToken', 'API token', true, 'Admin Center → Apps and integrations → Zendesk API.')}
        {field('accessToken', 'or OAuth access token', true)}
      </div>
    )
  if (kind === 'salesforce')
    return (
      <div className="src-cred-grid">
        {field('clientId', 'Consumer key', false)}
        {field('clientSecret', 'Consumer secret', true)}
      </div>
    )
  return <div className="src-cred-grid">{field('accessToken', 'Private app access token', true)}</div>
}
