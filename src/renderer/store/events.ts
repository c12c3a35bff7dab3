import { useEffect } from 'react'
import { onEvent } from '../api/client'
import { useStore } from './index'

/** Routes pushed events (task progress, workspace changes) into the store for as long as the window lives. */
export function useWorkbenchEvents(): void {
  useEffect(
    () =>
      onEvent((event) => {
        const state = useStore.getState()
        if (event.type === 'task') state.applyTask(event.task)
        else if (event.type === 'workspace.changed') state.workspaceChanged(event.workspace)
        else if (event.type === 'alerts.changed') state.alertsChanged(event.notify)
      }),
    [],
  )
}
