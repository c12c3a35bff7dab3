import type { TaskProgress } from '../../../shared/api/types'
import type { SliceCreator } from '../../store/types'

export interface TasksSlice {
  /** Background work reported by task events, newest last. Finished tasks linger briefly so the end is visible. */
  tasks: TaskProgress[]
  applyTask(task: TaskProgress): void
  dismissTask(taskId: string): void
}

const LINGER_MS = 5_000

export const createTasksSlice: SliceCreator<TasksSlice> = (set, get) => ({
  tasks: [],

  applyTask(task) {
    set((s) => {
      const i = s.tasks.findIndex((t) => t.taskId === task.taskId)
      if (i < 0) return { tasks: [...s.tasks, task] }
      const tasks = [...s.tasks]
      tasks[i] = task
      return { tasks }
    })
    if (task.state === 'failed') {
      get().notify('error', task.error ?? `${task.label} did not finish. Nothing else was changed.`)
      get().dismissTask(task.taskId)
    } else if (task.state !== 'running') {
      window.setTimeout(() => get().dismissTask(task.taskId), LINGER_MS)
    }
  },

  dismissTask(taskId) {
    set((s) => ({ tasks: s.tasks.filter((t) => t.taskId !== taskId) }))
  },
})
