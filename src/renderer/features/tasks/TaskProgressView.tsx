import type { TaskProgress } from '../../../shared/api/types'
import { formatEta, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { taskFraction, taskRate, taskRemainingMs } from './taskMath'

/** "12,300 / 50,000 tickets · 25% · about 40 s left" */
export function taskNumbers(task: TaskProgress, now: number): string {
  const fraction = taskFraction(task)
  const counted =
    task.total === null
      ? `${formatInt(task.done)} ${task.unit}`
      : `${formatInt(task.done)} / ${formatInt(task.total)} ${task.unit}`
  if (task.state === 'done') return `Done · ${counted}`
  if (task.state === 'cancelled') return `Cancelled · ${counted}`
  // In a stage the counts are shares of its work: say what it is doing instead.
  const parts = [task.stage ? task.stage.label : counted]
  if (fraction !== null) parts.push(`${Math.floor(fraction * 100)}%`)
  const rate = taskRate(task, now)
  if (rate !== null) parts.push(`${formatInt(rate)} ${task.unit}/s`)
  const left = taskRemainingMs(task, now)
  parts.push(left === null ? 'estimating time left…' : `${formatEta(left)} left`)
  return parts.join(' · ')
}

function CancelButton({ taskId }: { taskId: string }) {
  const cancel = useStore((s) => s.cancelTask)
  return (
    <button
      type="button"
      className="btn btn-sm task-cancel"
      data-testid="task-cancel"
      onClick={() => void cancel(taskId)}
    >
      Cancel
    </button>
  )
}

export function TaskProgressView({ task, now, compact }: { task: TaskProgress; now: number; compact?: boolean }) {
  const fraction = taskFraction(task)
  return (
    <div className={`task${compact ? ' task-compact' : ''} task-${task.state}`} data-testid="task-progress">
      <span className="task-label">{task.label}</span>
      <progress
        className="task-bar"
        max={1}
        value={task.state === 'done' ? 1 : (fraction ?? undefined)}
        aria-label={task.label}
      />
      <span className="task-numbers">{taskNumbers(task, now)}</span>
      {task.kind === 'export' && task.state === 'running' && <CancelButton taskId={task.taskId} />}
    </div>
  )
}
