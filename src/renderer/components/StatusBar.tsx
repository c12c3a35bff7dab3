import { TaskProgressView } from '../features/tasks/TaskProgressView'
import { ExposureStatus } from '../features/wellbeing/ExposureStatus'
import { analystTimeZone, formatDateTime, formatDateTimeFull, formatRelative } from '../lib/format'
import { useNow } from '../lib/useNow'
import { useStore } from '../store'
import { Icon } from './Icon'

const KIND_LABELS: Record<string, string> = {
  demo: 'Demo data',
  zendesk: 'Zendesk',
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  file: 'Imported file',
}

/**
 * "3 h ago" for the newest data of a source. A time in the future (a source's clock ahead of this computer's) is
 * shown as the time itself: "in 20 h" would read as a promise.
 */
function asOfText(asOf: number | null, now: number, zone: string): string {
  if (asOf === null) return 'no data'
  return asOf > now + 5 * 60_000 ? formatDateTime(asOf, zone, now) : formatRelative(asOf, now)
}

/** The bar that never goes away: where you are, how fresh the data is, that it is local, and background work. */
export function StatusBar() {
  const info = useStore((s) => s.info)
  const tasks = useStore((s) => s.tasks)
  const running = tasks.some((t) => t.state === 'running')
  const now = useNow(running ? 1_000 : 30_000)
  const ws = info?.workspace ?? null
  const zone = analystTimeZone()

  return (
    <footer className="statusbar">
      <div className="status-item status-workspace" data-testid="status-workspace">
        <Icon name="workspaces" size={14} />
        {ws ? (
          <>
            <span className="status-strong truncate" title={ws.file}>
              {ws.name}
            </span>
            {ws.isDemo && <span className="badge badge-demo">Demo</span>}
          </>
        ) : (
          <span className="status-warn">No workspace open</span>
        )}
      </div>

      {ws && (
        <div className="status-item status-asof" data-testid="status-data-as-of">
          <span className="muted">Data as of</span>
          {info?.dataAsOf.length ? (
            info.dataAsOf.map((d) => (
              <span
                key={d.source}
                className="status-source"
                title={
                  d.asOf === null
                    ? `${d.source}: no tickets yet`
                    : `${d.source} (${KIND_LABELS[d.kind] ?? d.kind}): newest data ${formatDateTimeFull(d.asOf, zone)}`
                }
              >
                <span className="truncate">{d.source}</span>
                <span className="status-strong">{asOfText(d.asOf, now, zone)}</span>
              </span>
            ))
          ) : (
            <span>no sources yet</span>
          )}
        </div>
      )}

      <ExposureStatus />

      <div className="status-tasks">
        {tasks.map((t) => (
          <TaskProgressView key={t.taskId} task={t} now={now} compact />
        ))}
      </div>

      <div
        className="status-item status-offline"
        title="Everything you see is read from files on this computer. The workbench never needs the network."
        data-testid="status-offline"
      >
        <span className="dot dot-ok" aria-hidden="true" />
        Offline-ready: all data is local
      </div>
    </footer>
  )
}
