import '../../styles/alerts.css'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { AlertDetail, AlertSummary } from '../../../shared/api/methods/alerts'
import { Icon } from '../../components/Icon'
import { Pill } from '../../components/Pill'
import { formatDateTime, formatDateTimeFull, formatInt, formatRelative, zoneLabel } from '../../lib/format'
import { useColorScheme } from '../../lib/useColorScheme'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'
import { CHART_THEMES } from '../cases/chartTheme'
import { buildAlertChart } from './alertChart'
import { AlertChartView } from './AlertChartView'
import { describeMove, durationLabel, SEVERITY_LABEL, windowLabel } from './alertModel'

const SNOOZES = [
  { hours: 4, label: '4 hours' },
  { hours: 24, label: '1 day' },
  { hours: 168, label: '1 week' },
]

function When({ at, now }: { at: number; now: number }) {
  return <time title={formatDateTimeFull(at)}>{formatRelative(at, now)}</time>
}

function AlertRow({ a, selected, onSelect }: { a: AlertSummary; selected: boolean; onSelect: () => void }) {
  const now = useNow()
  return (
    <li>
      <button
        type="button"
        className={`alert-row${selected ? ' is-selected' : ''}${a.acknowledgedAt ? ' is-acked' : ''}`}
        aria-current={selected ? 'true' : undefined}
        onClick={onSelect}
        data-testid="alert-row"
        data-alert-id={a.id}
      >
        <span className={`sev sev-${a.severity}`}>{SEVERITY_LABEL[a.severity]}</span>
        <span className="alert-row-main">
          <span className="alert-row-title">{a.title}</span>
          <span className="alert-row-meta">
            {a.ongoing ? (
              <>
                <strong className="alert-ongoing">Ongoing</strong> · since <When at={a.startedAt} now={now} />
              </>
            ) : (
              <span title={`${formatDateTimeFull(a.startedAt)} to ${formatDateTimeFull(a.lastSeenAt)}`}>
                {formatDateTime(a.startedAt)} → {formatDateTime(a.lastSeenAt)}
              </span>
            )}
            {a.acknowledgedAt ? ' · acknowledged' : ''}
          </span>
        </span>
      </button>
    </li>
  )
}

function Examples({ detail }: { detail: AlertDetail }) {
  if (detail.examples.length === 0) return <p className="muted">No example tickets in this window.</p>
  return (
    <ul className="alert-examples" aria-label="Example tickets">
      {detail.examples.map((t) => (
        <li key={t.id} className="alert-example">
          <span className="alert-example-id">#{t.id}</span>
          {t.sensitive || t.subject === null ? (
            <span className="alert-example-sensitive" title="Sensitive: reveal it one ticket at a time in Cases">
              <Icon name="eyeOff" size={14} /> <span className="blurred">Sensitive ticket — hidden</span>
            </span>
          ) : (
            <span className="alert-example-subject">{t.subject}</span>
          )}
          <Pill field="status" value={t.status} />
          <span className="alert-example-time">{formatDateTime(t.createdAt)}</span>
        </li>
      ))}
    </ul>
  )
}

function Detail({ detail }: { detail: AlertDetail }) {
  const scheme = useColorScheme()
  const s = useStore()
  const option = useMemo(
    () => buildAlertChart(detail, CHART_THEMES[scheme], (ms) => formatDateTime(ms).replace(/, \d{4}/, '')),
    [detail, scheme],
  )
  const now = useNow()
  const snoozed = detail.snoozedUntil !== null && detail.snoozedUntil > now
  return (
    <article className="alert-detail" aria-labelledby="alert-title" data-testid="alert-detail">
      <header className="alert-detail-head">
        <span className={`sev sev-${detail.severity}`}>{SEVERITY_LABEL[detail.severity]} severity</span>
        <h2 id="alert-title">{detail.title}</h2>
      </header>
      <dl className="alert-facts">
        <div>
          <dt>What moved</dt>
          <dd>
            <span title={detail.definition}>{detail.kpiLabel}</span> in {detail.segment}
          </dd>
        </div>
        <div>
          <dt>By how much</dt>
          <dd data-testid="alert-move">
            {describeMove(detail)} over {windowLabel(detail.windowHours)}, {formatInt(detail.sample)} tickets
          </dd>
        </div>
        <div>
          <dt>Since</dt>
          <dd>
            {formatDateTimeFull(detail.startedAt)} ·{' '}
            {detail.ongoing ? 'ongoing' : `ended ${formatRelative(detail.lastSeenAt, now)}`} (
            {durationLabel(detail.startedAt, detail.lastSeenAt)}; first seen {formatDateTime(detail.detectedAt)})
          </dd>
        </div>
      </dl>
      <div className="alert-actions" role="group" aria-label="Alert actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => s.investigateAlert(detail)}
          data-testid="alert-investigate"
          title={`Opens Cases filtered to ${detail.segment}, ${detail.investigate.from} to ${detail.investigate.to}`}
        >
          Investigate ({formatInt(detail.investigate.count)} tickets)
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void s.acknowledgeAlert(detail.id, detail.acknowledgedAt === null)}
          data-testid="alert-ack"
        >
          {detail.acknowledgedAt === null ? 'Acknowledge' : 'Un-acknowledge'}
        </button>
        {snoozed ? (
          <button type="button" className="btn" onClick={() => void s.snoozeAlert(detail.id, null)}>
            Wake (snoozed until {formatDateTime(detail.snoozedUntil ?? 0)})
          </button>
        ) : (
          <label className="alert-snooze">
            <span className="visually-hidden">Snooze for</span>
            <select
              className="input"
              value=""
              aria-label="Snooze for"
              data-testid="alert-snooze"
              onChange={(e) => {
                const hours = Number(e.target.value)
                if (hours > 0) void s.snoozeAlert(detail.id, hours)
              }}
            >
              <option value="">Snooze…</option>
              {SNOOZES.map((o) => (
                <option key={o.hours} value={o.hours}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="btn"
          onClick={() => void s.muteAlertSegment(detail.id)}
          data-testid="alert-mute"
          title={`No more alerts for ${detail.segment} (or segments inside it) until you unmute it`}
        >
          Mute segment
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void s.openEscalationFromAlert(detail)}
          data-testid="alert-open-escalation"
        >
          Open escalation
        </button>
      </div>
      <section className="alert-section" aria-label="Chart">
        <h3>
          {detail.kpiLabel} over {windowLabel(detail.windowHours)} windows vs the same hours of earlier weeks
        </h3>
        <AlertChartView option={option} label={`${detail.kpiLabel} against its usual level`} />
        <p className="muted small">Band: the usual spread across earlier weeks. Times in {zoneLabel()}.</p>
      </section>
      <section className="alert-section" aria-label="Examples">
        <h3>Example tickets</h3>
        <Examples detail={detail} />
      </section>
    </article>
  )
}

/** The minimum sample below which rates and durations never alert; changing it re-evaluates every alert. */
function MinSampleControl({ value }: { value: number }) {
  const setMinSample = useStore((st) => st.setAlertsMinSample)
  const [draft, setDraft] = useState(String(value))
  const n = Number(draft)
  const valid = Number.isInteger(n) && n >= 1 && n <= 100_000
  return (
    <form
      className="alerts-min-sample"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid && n !== value) void setMinSample(n)
      }}
    >
      <label>
        Minimum sample{' '}
        <input
          className="input"
          type="number"
          min={1}
          max={100000}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={!valid}
          aria-describedby="min-sample-help"
          data-testid="alerts-min-sample"
        />
      </label>
      <button type="submit" className="btn btn-sm" disabled={!valid || n === value}>
        Apply
      </button>
      <span id="min-sample-help" className="visually-hidden">
        Rates and durations over fewer tickets than this never alert. Applying re-checks every alert.
      </span>
      {!valid && <span className="alerts-invalid">A whole number from 1 to 100,000.</span>}
    </form>
  )
}

/** The Alerts place: an inbox of spikes and drops, and the selected alert's detail. */
export function AlertsScreen() {
  const s = useStore()
  const listRef = useRef<HTMLUListElement>(null)
  const loadAlerts = s.loadAlerts
  useEffect(() => {
    void loadAlerts()
  }, [loadAlerts])
  const inbox = s.alertsInbox
  const alerts = inbox?.alerts ?? []

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!['ArrowDown', 'ArrowUp', 'j', 'k'].includes(e.key)) return
    e.preventDefault()
    const i = alerts.findIndex((a) => a.id === s.selectedAlertId)
    const next = alerts[Math.min(alerts.length - 1, Math.max(0, i + (e.key === 'ArrowDown' || e.key === 'j' ? 1 : -1)))]
    if (!next) return
    s.selectAlert(next.id)
    listRef.current?.querySelector<HTMLButtonElement>(`[data-alert-id="${next.id}"]`)?.focus()
  }

  return (
    <div className="alerts-screen" data-testid="alerts-screen">
      <header className="alerts-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted small">
            Spikes and drops per case type, channel and region against the same hours of earlier weeks.
            {inbox?.dataUntil ? <> Data to {formatDateTime(inbox.dataUntil)}.</> : null} Rates and durations over fewer
            than {inbox?.minSample ?? 20} tickets never alert.
          </p>
        </div>
        <div className="alerts-controls">
          {inbox && <MinSampleControl key={inbox.minSample} value={inbox.minSample} />}
          <label className="alerts-toggle">
            <input
              type="checkbox"
              checked={s.alertsShowAcknowledged}
              onChange={(e) => s.setAlertsShowAcknowledged(e.target.checked)}
            />{' '}
            Show acknowledged
          </label>
        </div>
      </header>
      {s.alertsError && (
        <p className="alerts-error" role="alert">
          {s.alertsError}
        </p>
      )}
      <div className="alerts-body">
        <section className="alerts-list" aria-label="Alerts">
          {inbox && alerts.length === 0 && (
            <div className="empty-state small">
              <p>
                No alerts{inbox.hidden.acknowledged + inbox.hidden.snoozed + inbox.hidden.muted > 0 ? ' to show' : ''}.
              </p>
              <p className="muted">
                Alerts appear when a KPI of a segment leaves its usual range; they are re-checked after every sync and
                import.
              </p>
            </div>
          )}
          {!inbox && s.alertsLoading && <p className="muted">Checking for spikes and drops…</p>}
          <ul ref={listRef} className="alert-rows" onKeyDown={onKey} data-testid="alert-list">
            {alerts.map((a) => (
              <AlertRow key={a.id} a={a} selected={a.id === s.selectedAlertId} onSelect={() => s.selectAlert(a.id)} />
            ))}
          </ul>
          {inbox && (inbox.hidden.acknowledged > 0 || inbox.hidden.snoozed > 0 || inbox.hidden.muted > 0) && (
            <p className="muted small alerts-hidden">
              Hidden: {inbox.hidden.acknowledged} acknowledged, {inbox.hidden.snoozed} snoozed, {inbox.hidden.muted} in
              muted segments.
            </p>
          )}
          {inbox && inbox.mutes.length > 0 && (
            <div className="alerts-mutes">
              <h2>Muted segments</h2>
              <ul>
                {inbox.mutes.map((m) => (
                  <li key={m.segKey}>
                    {m.segment}{' '}
                    <button type="button" className="btn btn-sm" onClick={() => void s.unmuteSegment(m.segKey)}>
                      Unmute
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
        <section className="alerts-detail-pane" aria-label="Alert detail">
          {s.alertDetailError && <p role="alert">{s.alertDetailError}</p>}
          {s.alertDetail ? (
            <Detail detail={s.alertDetail} />
          ) : (
            s.selectedAlertId !== null && !s.alertDetailError && <p className="muted">Loading the alert…</p>
          )}
        </section>
      </div>
    </div>
  )
}
