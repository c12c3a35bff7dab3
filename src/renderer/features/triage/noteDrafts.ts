/**
 * Note drafts kept in localStorage as they are typed, per workspace, ticket and note, so nothing typed is lost if
 * the app closes mid-edit. A draft is dropped once saved or discarded. Storage failures (quota, private mode) only
 * lose the draft, never the typing.
 */
export function draftKey(workspaceId: string, ticketId: number, noteId: number | 'new'): string {
  return `workbench.noteDraft.${workspaceId}.${ticketId}.${noteId}`
}

export function readDraft(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export function writeDraft(key: string, text: string): void {
  try {
    if (text === '') localStorage.removeItem(key)
    else localStorage.setItem(key, text)
  } catch {
    // A draft that cannot be kept is still on screen.
  }
}

export function dropDraft(key: string): void {
  writeDraft(key, '')
}
