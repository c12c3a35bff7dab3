import { useEffect } from 'react'
import type { ExposureSummary } from '../../../shared/api/methods/wellbeing'
import { formatInt, formatLocalDate, zoneLabel } from '../../lib/format'
import { useStore } from '../../store'
import { BreakReminderCard } from './BreakReminderCard'
import { SensitiveTypesCard } from './SensitiveTypesCard'
import { dayBars } from './wellbeingModel'
import '../../styles/wellbeing.css'

/** Your own reveals: today by harm category, and the last 14 days. Nobody else's numbers are ever here. */
function ExposureCard({ exposure }: { exposure: ExposureSummary }) {
  const { today } = exposure
  return (
    <section className="card wb-card wb-exposure" aria-labelledby="wb-exposure-title" data-testid="wb-exposure">
      <h2 id="wb-exposure-title" className="card-title">
        Your exposure
      </h2>
      <p className="card-text">
        How often you revealed the text of a sensitive ticket, by harm category. These counts are yours alone: they are
        kept in this workspace on this computer, never sent anywhere and never combined with anyone else’s.
      </p>
      <h3 className="wb-subtitle">
        Today <span className="muted">({zoneLabel(exposure.timeZone)})</span>
      </h3>
      {today.total === 0 ? (
        <p className="muted" data-testid="wb-today-none">
          No sensitive text revealed today.
        </p>
      ) : (
        <table className="table wb-table" data-testid="wb-today">
          <thead>
            <tr>
              <th scope="col">Harm category</th>
              <th scope="col" className="num">
                Reveals
              </th>
            </tr>
          </thead>
          <tbody>
            {today.byCategory.map((c) => (
              <tr key={c.category}>
                <th scope="row">{c.label}</th>
                <td className="num">{formatInt(c.count)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num" data-testid="wb-today-total">
                {formatInt(today.total)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      <h3 className="wb-subtitle">Last 14 days</h3>
      <ol className="wb-days" data-testid="wb-days">
        {dayBars(exposure.days).map((d) => (
          <li key={d.date} className="wb-day">
            <span className="wb-day-date">{formatLocalDate(d.date)}</span>
            <span className="wb-day-bar" aria-hidden="true">
              <span style={{ width: `${d.percent}%` }} />
            </span>
            <span className="wb-day-total num">{formatInt(d.total)}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** Wellbeing: which case types are sensitive, the break reminder, and your own exposure counts. */
export function WellbeingScreen() {
  const settings = useStore((s) => s.wellbeing)
  const exposure = useStore((s) => s.exposure)
  const load = useStore((s) => s.loadWellbeing)
  const refresh = useStore((s) => s.refreshExposure)
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? null)

  useEffect(() => {
    if (workspaceId === null) return
    void load()
    void refresh()
  }, [workspaceId, load, refresh])

  return (
    <div className="page wb-page" data-testid="wellbeing-screen">
      <header className="page-header">
        <h1 className="page-title">Wellbeing</h1>
        <p className="muted">
          Sensitive content is never shown by surprise. Choose what counts as sensitive, when to be reminded to take a
          break, and see how much you have been exposed to.
        </p>
      </header>
      {workspaceId === null ? (
        <p className="muted">Open a workspace to see its settings.</p>
      ) : (
        <div className="wb-grid">
          {exposure ? <ExposureCard exposure={exposure} /> : <p className="muted">Loading your counts…</p>}
          <div className="wb-column">
            {settings ? (
              <>
                <BreakReminderCard key={String(settings.breakReminder.every)} every={settings.breakReminder.every} />
                <SensitiveTypesCard key={settings.sensitiveTypes.join('\n')} settings={settings} />
              </>
            ) : (
              <p className="muted">Loading settings…</p>
            )}
          </div>
        </div>
      )}
    </div>
  )
}
