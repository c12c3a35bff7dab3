/** Events pushed to every connected client (IPC windows, browser-mode event streams), and background task progress. */
import type { TaskProgress, WorkbenchEvent } from '../../shared/api/types'

type Listener = (event: WorkbenchEvent) => void

export class EventBus {
  private listeners = new Set<Listener>()

  on(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: WorkbenchEvent): void {
    for (const l of this.listeners) {
      try {
        l(event)
      } catch {
        // One broken subscriber (a closed window) must not stop the others.
      }
    }
  }
}

let taskSeq = 0

/** Reports a task's progress as events, throttled to a few per second. */
export class TaskReporter {
  readonly task: TaskProgress
  private lastEmit = 0

  constructor(
    private readonly bus: EventBus,
    kind: TaskProgress['kind'],
    label: string,
    total: number | null,
    unit: string,
  ) {
    this.task = {
      taskId: `${kind}-${Date.now()}-${++taskSeq}`,
      kind,
      label,
      done: 0,
      total,
      unit,
      startedAt: Date.now(),
      state: 'running',
    }
    this.bus.emit({ type: 'task', task: { ...this.task } })
  }

  /** `force`: emit now even if the last event was a moment ago (a new stage label must not wait for the next one). */
  progress(done: number, total?: number, force = false): void {
    this.task.done = done
    if (total !== undefined) this.task.total = total
    const now = Date.now()
    if (!force && now - this.lastEmit < 200) return
    this.lastEmit = now
    this.bus.emit({ type: 'task', task: { ...this.task } })
  }

  finish(state: 'done' | 'failed' | 'cancelled', error?: string): void {
    this.task.state = state
    if (state === 'done' && this.task.total !== null) this.task.done = this.task.total
    if (error) this.task.error = error
    this.bus.emit({ type: 'task', task: { ...this.task } })
  }
}
