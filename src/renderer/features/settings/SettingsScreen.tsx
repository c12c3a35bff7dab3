import { useState } from 'react'
import { AuditCard } from './AuditCard'
import { BackupsCard } from './BackupsCard'
import { PurgeCard } from './PurgeCard'
import '../../styles/settings.css'

/** Settings: backups and restore, and the audit log a security review asks for. */
export function SettingsScreen() {
  // A backup or a restore writes to the audit log: the log re-reads when either happens.
  const [changes, setChanges] = useState(0)
  return (
    <div className="page st-page" data-testid="settings-screen">
      <header className="page-header">
        <h1 className="page-title">Settings</h1>
        <p className="muted">
          Keep this workspace safe: back it up, bring it back, and see who did what with its data.
        </p>
      </header>
      <div className="st-grid">
        <BackupsCard onChanged={() => setChanges((n) => n + 1)} changes={changes} />
        <AuditCard changes={changes} />
        <PurgeCard onChanged={() => setChanges((n) => n + 1)} />
      </div>
    </div>
  )
}
