import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { EmergingCluster } from '../../../shared/api/methods/clusters'
import { MAX_COHORT_IDS } from '../../../shared/escalations'
import { call } from '../../api/client'
import { analystTimeZone, formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { sparkPath } from '../trends/tileModel'
import {
  TREND_WORDS,
  caseTypeNote,
  clusterFilters,
  escalationFromCluster,
  growthText,
  queryFitText,
  scoreText,
  sharesText,
  windowText,
} from './emergingModel'

const SIZES = [10_000, 50_000, 100_000] as const
const RECENT = [1, 3, 7, 14] as const

/** Tickets per day as a line; `fill` stretches it to the container's width. */
function Spark({ values, width, height, fill }: { values: number[]; width: number; height: number; fill?: boolean }) {
  const d = sparkPath(values, width, height)
  return (
    <svg
      className={`emerging-spark${fill ? ' is-wide' : ''}`}
      width={fill ? '100%' : width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {d && <path d={d} vectorEffect="non-scaling-stroke" />}
    </svg>
  )
}

/**
 * Emerging issues: the newest tickets grouped by wording, the groups that run furthest above their own past first.
 * A group opens in Cases, becomes a saved view in one click, or opens an escalation over its tickets.
 */
export function EmergingIssues() {
  const s = useStore(
    useShallow((st) => ({
      workspace: st.info?.workspace,
      notify: st.notify,
      reportError: st.reportError,
      openCasesWith: st.openCasesWith,
      loadViews: st.loadViews,
      openView: st.openView,
      tickets: st.emergingTickets,
      recentDays: st.emergingRecentDays,
      data: st.emerging,
      loading: st.emergingLoading,
      error: st.emergingError,
      selected: st.emergingSelected,
      load: st.loadEmerging,
      setView: st.setEmergingView,
      select: st.selectEmerging,
    })),
  )
  const { tickets, recentDays, data, loading, error, selected } = s
  const [busy, setBusy] = useState<'view' | 'escalation' | null>(null)
  const [saved, setSaved] = useState<{ clusterId: string; viewId: number; name: string; matches: number } | null>(null)
  const timeZone = analystTimeZone()
  const params = { tickets, recentDays, timeZone }

  useEffect(() => {
    void s.load()
    // Reload when the workspace changes (a new demo, an import); the choices reload from their setter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.workspace?.id, s.workspace?.tickets])

  const cluster = data?.clusters.find((c) => c.id === selected) ?? null
  const fmtDate = (t: number) => formatDateTime(t, timeZone)

  const saveView = async (c: EmergingCluster) => {
    setBusy('view')
    try {
      const r = await call('clusters.saveView', { ...params, clusterId: c.id })
      setSaved({ clusterId: c.id, viewId: r.view.id, name: r.view.name, matches: r.matches })
      await s.loadViews()
      s.notify('success', `Saved the view "${r.view.name}": it matches ${formatInt(r.matches)} tickets now.`)
    } catch (err) {
      s.reportError(err, 'save the group as a view')
    } finally {
      setBusy(null)
    }
  }

  const openInCases = (c: EmergingCluster) => {
    s.openCasesWith(clusterFilters(c), { preset: 'all' })
    window.location.hash = '#/cases'
  }

  const openEscalation = async (c: EmergingCluster) => {
    setBusy('escalation')
    try {
      const { ids } = await call('clusters.ticketIds', { ...params, clusterId: c.id })
      const e = await call('escalations.create', escalationFromCluster(c, ids, MAX_COHORT_IDS))
      s.notify(
        'success',
        `Opened escalation "${e.title}" with ${formatInt(Math.min(ids.length, MAX_COHORT_IDS))} tickets.`,
      )
    } catch (err) {
      s.reportError(err, 'open an escalation for the group')
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="emerging" aria-label="Emerging issues" data-testid="emerging">
      <div className="emerging-toolbar" role="toolbar" aria-label="Emerging issues choices">
        <label className="trend-control">
          <span>Tickets read</span>
          <select
            value={tickets}
            data-testid="emerging-size"
            onChange={(e) => s.setView({ emergingTickets: Number(e.target.value) })}
          >
            {SIZES.map((n) => (
              <option key={n} value={n}>
                Newest {formatInt(n)}
              </option>
            ))}
          </select>
        </label>
        <label className="trend-control">
          <span>Recent window</span>
          <select
            value={recentDays}
            data-testid="emerging-recent"
            onChange={(e) => s.setView({ emergingRecentDays: Number(e.target.value) })}
          >
            {RECENT.map((n) => (
              <option key={n} value={n}>
                Last {n} day{n === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => void s.load()} disabled={loading}>
          Refresh
        </button>
        <span className="trends-zone">
          {data && windowText(data, fmtDate)}
          {loading && <span className="muted">{data ? ' · grouping again…' : 'Grouping…'}</span>}
        </span>
      </div>
      {data && data.sensitive > 0 && (
        <p className="trends-note" role="note" data-testid="emerging-sensitive">
          {formatInt(data.sensitive)} sensitive tickets are not grouped: a group&apos;s label, words and examples come
          from its tickets&apos; text, which for these would put harmful content on screen without anyone asking to see
          it. Their volume is in the dashboard and Alerts by case type.
        </p>
      )}
      {error && (
        <div className="trends-error" role="alert">
          <p>{error}</p>
          <button type="button" className="btn" onClick={() => void s.load()}>
            Try again
          </button>
        </div>
      )}
      {!data && !error && (
        <p className="muted trends-loading">Reading the newest tickets and grouping them by wording…</p>
      )}
      {data && data.clusters.length === 0 && (
        <p className="muted trends-loading">
          No group of {formatInt(data.minSize)} or more tickets reads alike among these tickets.
        </p>
      )}
      {data && data.clusters.length > 0 && (
        <div className="emerging-body">
          <div className="emerging-list-wrap">
            <table className="emerging-list" data-testid="emerging-list">
              <caption className="visually-hidden">Groups of tickets that read alike, most unusual first</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">
                    Tickets
                  </th>
                  <th scope="col" className="num" title={`Tickets created in the last ${recentDays} days`}>
                    Last {recentDays} d
                  </th>
                  <th scope="col" className="num" title={`Against the ${recentDays} days before`}>
                    Change
                  </th>
                  <th scope="col" className="emerging-daily">
                    Per day
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.clusters.map((c) => (
                  <tr
                    key={c.id}
                    className={c.id === selected ? 'is-selected' : undefined}
                    aria-selected={c.id === selected}
                    data-testid={`cluster-${c.id}`}
                  >
                    <th scope="row">
                      <button
                        type="button"
                        className="link-button emerging-pick"
                        onClick={() => s.select(c.id)}
                        title={scoreText(c, recentDays)}
                      >
                        <span className={`emerging-trend trend-${c.trend}`}>{TREND_WORDS[c.trend]}</span>
                        <span className="emerging-label">{c.label}</span>
                      </button>
                    </th>
                    <td className="num">{formatInt(c.size)}</td>
                    <td className="num">{formatInt(c.recent)}</td>
                    <td className="num">{growthText(c)}</td>
                    <td className="emerging-daily">
                      <Spark values={c.daily} width={96} height={20} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cluster && (
            <article className="emerging-detail" data-testid="emerging-detail" aria-label={cluster.label}>
              <header>
                <h2 className="trend-card-title">{cluster.label}</h2>
                <p className="trend-card-sub" title={scoreText(cluster, recentDays)}>
                  {TREND_WORDS[cluster.trend]} · {formatInt(cluster.size)} tickets · {formatInt(cluster.recent)} in the
                  last {recentDays} days ({growthText(cluster)} against the {recentDays} before) · first{' '}
                  <span title={formatDateTimeFull(cluster.firstSeen, timeZone)}>{fmtDate(cluster.firstSeen)}</span>,
                  latest <span title={formatDateTimeFull(cluster.lastSeen, timeZone)}>{fmtDate(cluster.lastSeen)}</span>
                </p>
              </header>
              <p className="emerging-query">
                Search: <code>{cluster.query.text || '—'}</code>
                {cluster.query.caseType && <> · case type {cluster.caseTypes[0]?.name}</>}
              </p>
              <p className="muted">{queryFitText(cluster)}</p>
              <div className="emerging-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  data-testid="emerging-save-view"
                  disabled={busy !== null || cluster.query.text === ''}
                  onClick={() => void saveView(cluster)}
                >
                  Save as view
                </button>
                <button type="button" className="btn" onClick={() => openInCases(cluster)}>
                  Open in Cases
                </button>
                <button
                  type="button"
                  className="btn"
                  data-testid="emerging-escalate"
                  disabled={busy !== null}
                  onClick={() => void openEscalation(cluster)}
                >
                  Open escalation
                </button>
              </div>
              {saved && saved.clusterId === cluster.id && (
                <p className="emerging-saved" role="status" data-testid="emerging-saved">
                  Saved as &ldquo;{saved.name}&rdquo;, matching {formatInt(saved.matches)} tickets.{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      s.openView(saved.viewId)
                      window.location.hash = '#/cases'
                    }}
                  >
                    Open the view
                  </button>
                </p>
              )}
              <Spark values={cluster.daily} width={600} height={56} fill />
              <p className="muted emerging-axis">
                Tickets per day, {data.days[0]} to {data.days[data.days.length - 1]} ({timeZone})
              </p>
              <h3 className="emerging-h">Words that set it apart</h3>
              <ul className="emerging-terms" aria-label="Top terms">
                {cluster.terms.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
              <h3 className="emerging-h">Where it shows up</h3>
              <dl className="emerging-spread">
                <dt>Case type</dt>
                <dd>{sharesText(cluster.caseTypes, cluster.size)}</dd>
                <dt>Channel</dt>
                <dd>{sharesText(cluster.channels, cluster.size)}</dd>
                <dt>Region</dt>
                <dd>{sharesText(cluster.regions, cluster.size)}</dd>
              </dl>
              <p className="muted">{caseTypeNote(cluster)}</p>
              <h3 className="emerging-h">Newest tickets</h3>
              <ul className="emerging-examples" data-testid="emerging-examples">
                {cluster.examples.map((e) => (
                  <li key={e.id}>
                    <span className="muted" title={formatDateTimeFull(e.createdAt, timeZone)}>
                      #{e.id} · {fmtDate(e.createdAt)}
                    </span>{' '}
                    {e.subject}
                  </li>
                ))}
              </ul>
            </article>
          )}
        </div>
      )}
    </section>
  )
}
