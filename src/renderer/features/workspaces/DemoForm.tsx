import { useState } from 'react'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'
import { TaskProgressView } from '../tasks/TaskProgressView'
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_TICKETS } from './workspaceSlice'

const MIN_TICKETS = 100
const MAX_TICKETS = 2_000_000

/** Re-creates the demo workspace in the background; progress arrives as task events and shows here and below. */
export function DemoForm() {
  const [tickets, setTickets] = useState(String(DEFAULT_DEMO_TICKETS))
  const [seed, setSeed] = useState(String(DEFAULT_DEMO_SEED))
  const generateDemo = useStore((s) => s.generateDemo)
  const task = useStore((s) => s.tasks.find((t) => t.kind === 'demo'))
  const now = useNow(1_000)
  const n = Number(tickets)
  const s = Number(seed)
  const ticketsOk = Number.isInteger(n) && n >= MIN_TICKETS && n <= MAX_TICKETS
  const seedOk = Number.isInteger(s) && s >= 0 && s <= 2 ** 31 - 1
  const running = task?.state === 'running'

  return (
    <section className="card" aria-labelledby="demo-title">
      <h2 id="demo-title" className="card-title">
        Re-create demo workspace
      </h2>
      <p className="card-text">
        Realistic tickets over about six months with a few injected incidents. The same seed gives the same tickets.
        This replaces the demo workspace; workspaces you created are not touched.
      </p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (ticketsOk && seedOk && !running) void generateDemo(n, s)
        }}
      >
        <label className="field">
          <span className="field-label">Tickets</span>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={MIN_TICKETS}
            max={MAX_TICKETS}
            step={1}
            value={tickets}
            aria-invalid={!ticketsOk}
            onChange={(e) => setTickets(e.target.value)}
            data-testid="demo-tickets"
          />
        </label>
        <label className="field">
          <span className="field-label">Seed</span>
          <input
            className="input input-narrow"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={seed}
            aria-invalid={!seedOk}
            onChange={(e) => setSeed(e.target.value)}
            data-testid="demo-seed"
          />
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!ticketsOk || !seedOk || running}
          data-testid="demo-generate"
        >
          {running ? 'Creating…' : 'Re-create demo workspace'}
        </button>
      </form>
      {!ticketsOk && <p className="field-error">Choose between 100 and 2,000,000 tickets.</p>}
      {task && <TaskProgressView task={task} now={now} />}
    </section>
  )
}
