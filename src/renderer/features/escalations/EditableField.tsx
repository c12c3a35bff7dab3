import { useState } from 'react'

interface Props {
  label: string
  value: string
  multiline?: boolean
  /** The compact height of the header's selects. */
  small?: boolean
  rows?: number
  maxLength: number
  placeholder?: string
  testId?: string
  className?: string
  /** Saves the text; resolves to an error sentence, or null once saved. */
  onSave(text: string): Promise<string | null>
}

/**
 * A text field that saves itself when it loses focus (or on Enter; Ctrl/Cmd+Enter in a multi-line field). A failed
 * save keeps the analyst's text in the field with the reason under it; Escape puts the saved text back.
 */
export function EditableField({
  label,
  value,
  multiline,
  small,
  rows = 3,
  maxLength,
  placeholder,
  testId,
  className,
  onSave,
}: Props) {
  const [text, setText] = useState(value)
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle')
  const [error, setError] = useState<string | null>(null)
  // A new saved value (another field saved, the escalation re-read) replaces the text, as React's docs advise.
  const [base, setBase] = useState(value)
  if (base !== value) {
    setBase(value)
    setText(value)
  }

  const commit = async () => {
    if (text === value) return
    setState('saving')
    const err = await onSave(text)
    setError(err)
    setState(err ? 'idle' : 'saved')
    if (!err) window.setTimeout(() => setState('idle'), 2_000)
  }
  const common = {
    className: `input${multiline ? ' esc-textarea' : ''}${small ? ' input-sm' : ''}`,
    value: text,
    maxLength,
    placeholder,
    'data-testid': testId,
    'aria-invalid': error ? true : undefined,
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
    onBlur: () => void commit(),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape' && text !== value) {
        e.stopPropagation()
        setText(value)
        setError(null)
      } else if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) {
        e.preventDefault()
        void commit()
      }
    },
  }
  return (
    <label className={`field ${className ?? ''}`}>
      <span className="field-label">
        {label}
        {state === 'saving' && <span className="muted small esc-save-state"> saving…</span>}
        {state === 'saved' && <span className="small esc-save-state esc-saved"> saved</span>}
      </span>
      {multiline ? <textarea rows={rows} {...common} /> : <input {...common} />}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  )
}
