import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react'

interface PopoverProps {
  /** Content of the trigger button. */
  label: ReactNode
  /** Accessible name of the panel. */
  title: string
  testId?: string
  active?: boolean
  align?: 'left' | 'right'
  className?: string
  children: (close: () => void) => ReactNode
}

/**
 * A button that opens a panel below it. Closes on Escape (focus returns to the button), on a click outside, and on
 * Tab past its end; Escape is consumed so it does not also close the ticket panel behind it.
 */
export function Popover({ label, title, testId, active, align = 'left', className, children }: PopoverProps) {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const panelId = useId()

  const buttonId = `${panelId}-button`

  // Looks the button up by id rather than through a ref: `close` is handed to the panel's render function.
  const close = useCallback(() => {
    setOpen(false)
    document.getElementById(buttonId)?.focus()
  }, [buttonId])

  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent): void => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    const first = panelRef.current?.querySelector<HTMLElement>('input, button, select, [tabindex="0"]')
    first?.focus()
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  return (
    <div
      ref={rootRef}
      className={`popover ${className ?? ''}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault()
          e.stopPropagation()
          close()
        }
      }}
      onBlur={(e) => {
        if (open && !rootRef.current?.contains(e.relatedTarget as Node | null) && e.relatedTarget) setOpen(false)
      }}
    >
      <button
        id={buttonId}
        type="button"
        className={`btn btn-filter${active ? ' is-active' : ''}`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open && (
        <div ref={panelRef} id={panelId} role="dialog" aria-label={title} className={`popover-panel popover-${align}`}>
          {children(close)}
        </div>
      )}
    </div>
  )
}
