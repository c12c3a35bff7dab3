import { useCallback, useState } from 'react'

/**
 * Text the analyst is typing, mirrored to localStorage on every keystroke so closing the window mid-edit loses
 * nothing; `clear` when it is saved or cancelled.
 */
export function useDraft(key: string, initial = ''): [string, (text: string) => void, () => void] {
  const storageKey = `workbench.draft.${key}`
  const [text, setText] = useState(() => localStorage.getItem(storageKey) ?? initial)
  const update = useCallback(
    (next: string) => {
      setText(next)
      localStorage.setItem(storageKey, next)
    },
    [storageKey],
  )
  const clear = useCallback(() => {
    localStorage.removeItem(storageKey)
    setText('')
  }, [storageKey])
  return [text, update, clear]
}

/** True when a draft is waiting under `key` (the form reopens with it). */
export function hasDraft(key: string): boolean {
  return localStorage.getItem(`workbench.draft.${key}`) !== null
}
