import { useEffect } from 'react'
import { ErrorBoundary } from './components/ErrorBoundary'
import { Notices } from './components/Notices'
import { Rail } from './components/Rail'
import { StatusBar } from './components/StatusBar'
import { CasesScreen } from './features/cases/CasesScreen'
import { WorkspacesScreen } from './features/workspaces/WorkspacesScreen'
import { ImportScreen } from './features/imports/ImportScreen'
import { WellbeingScreen } from './features/wellbeing/WellbeingScreen'
import { SourcesScreen } from './features/sources/SourcesScreen'
import { TriageLayer } from './features/triage/TriageLayer'
import { TrendsScreen } from './features/trends/TrendsScreen'
import { AlertsScreen } from './features/alerts/AlertsScreen'
import { EscalationsScreen } from './features/escalations/EscalationsScreen'
import { RcaScreen } from './features/rca/RcaScreen'
import { SettingsScreen } from './features/settings/SettingsScreen'
import { PLACES, useRoute, type PlaceId } from './routes'
import { useStore } from './store'
import { useWorkbenchEvents } from './store/events'

function Starting() {
  const error = useStore((s) => s.infoError)
  const loadInfo = useStore((s) => s.loadInfo)
  return (
    <div className="empty-state" role={error ? 'alert' : 'status'}>
      {error ? (
        <>
          <h1>The workbench could not start</h1>
          <p>{error}</p>
          <button type="button" className="btn btn-primary" onClick={() => void loadInfo()}>
            Try again
          </button>
        </>
      ) : (
        <p className="muted">Opening your workspace…</p>
      )}
    </div>
  )
}

/** Each place's screen and the words its error boundary uses. One line per place. */
const SCREENS: Record<PlaceId, { Screen: () => React.JSX.Element; name: string }> = {
  cases: { Screen: CasesScreen, name: 'the Cases screen' },
  trends: { Screen: TrendsScreen, name: 'the Trends screen' },
  alerts: { Screen: AlertsScreen, name: 'the Alerts screen' },
  escalations: { Screen: EscalationsScreen, name: 'the Escalations screen' },
  rca: { Screen: RcaScreen, name: 'the RCA screen' },
  workspaces: { Screen: WorkspacesScreen, name: 'the Workspaces screen' },
  import: { Screen: ImportScreen, name: 'the Import screen' },
  sources: { Screen: SourcesScreen, name: 'the Sources screen' },
  wellbeing: { Screen: WellbeingScreen, name: 'the Wellbeing screen' },
  settings: { Screen: SettingsScreen, name: 'the Settings screen' },
}

/** Layout and routes only: the rail, the current place, the status bar. */
export function App() {
  useWorkbenchEvents()
  const ready = useStore((s) => s.info !== null)
  const loadInfo = useStore((s) => s.loadInfo)
  const route = useRoute()
  const Screen = SCREENS[route].Screen

  useEffect(() => {
    void loadInfo()
  }, [loadInfo])

  return (
    <div className="app">
      <Rail places={PLACES} current={route} />
      <main className="main" id="main">
        {ready ? (
          <ErrorBoundary key={route} place={SCREENS[route].name}>
            <Screen />
          </ErrorBoundary>
        ) : (
          <Starting />
        )}
      </main>
      <StatusBar />
      <Notices />
      {ready && <TriageLayer />}
      {ready && <div data-testid="app-ready" hidden />}
    </div>
  )
}
