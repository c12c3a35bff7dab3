import { TaskProgressView } from '../tasks/TaskProgressView'
import { useNow } from '../../lib/useNow'
import { formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_TICKETS } from '../workspaces/workspaceSlice'

/** What the Cases screen says when there is nothing to review yet: how to get tickets, honestly. */
export function EmptyWorkspace() {
  const info = useStore((s) => s.info)
  const generateDemo = useStore((s) => s.generateDemo)
  const task = useStore((s) => s.tasks.find((t) => t.kind === 'demo' && t.state === 'running'))
  const now = useNow(1_000)
  const ws = info?.workspace ?? null

  return (
    <div className="empty-state" data-testid="empty-workspace">
      <h1>{ws ? `“${ws.name}” has no tickets yet` : 'No workspace is open'}</h1>
      {!ws && info?.workspaceProblem && <p>{info.workspaceProblem}</p>}
      <p>
        Load the demo workspace to look around: {formatInt(DEFAULT_DEMO_TICKETS)} realistic tickets over about six
        months, across six channels, with a few incidents hidden in them. It opens as its own workspace marked “Demo”;
        {ws ? ' this workspace is kept as it is.' : ' you can remove it at any time.'}
      </p>
      {task ? (
        <TaskProgressView task={task} now={now} />
      ) : (
        <div className="empty-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="load-demo"
            onClick={() => void generateDemo(DEFAULT_DEMO_TICKETS, DEFAULT_DEMO_SEED)}
          >
            Load the demo workspace
          </button>
          <a className="btn" href="#/workspaces">
            Go to Workspaces
          </a>
        </div>
      )}
      <p className="muted">
        Importing CSV or JSON exports and connecting Zendesk, Salesforce or HubSpot come with the Sources screen, which
        is not in this version yet.
      </p>
    </div>
  )
}
