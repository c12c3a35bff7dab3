import { useEffect } from 'react'
import { ErrorBoundary } from './components/ErrorBoundary'
import { Notices } from './components/Notices'
import { Rail } from './components/Rail'
import { StatusBar } from './components/StatusBar'
import { CasesScreen } from './features/cases/CasesScreen'
import { WorkspacesScreen } from './features/workspaces/WorkspacesScreen'
import { TriageLayer } from './features/triage/TriageLayer'
import { PLACES, useRoute } from './routes'
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

/** Layout and routes only: the rail, the current place, the status bar. */
export function App() {
  useWorkbenchEvents()
  const ready = useStore((s) => s.info !== null)
  const loadInfo = useStore((s) => s.loadInfo)
  const route = useRoute()

  useEffect(() => {
    void loadInfo()
  }, [loadInfo])

  return (
    <div className="app">
      <Rail places={PLACES} current={route} />
      <main className="main" id="main">
        {ready ? (
          <ErrorBoundary key={route} place={route === 'cases' ? 'the Cases screen' : 'the Workspaces screen'}>
            {route === 'cases' ? <CasesScreen /> : <WorkspacesScreen />}
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
