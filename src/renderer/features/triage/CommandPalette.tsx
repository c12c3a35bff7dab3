import { useId, useState } from 'react'
import { Modal } from '../../components/Modal'
import { COMMANDS, filterCommands, type CommandId } from './commands'

/** Type to filter every action; arrows move, Enter runs, Escape closes. */
export function CommandPalette({ onRun, onClose }: { onRun(id: CommandId): void; onClose(): void }) {
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const listId = useId()
  const shown = filterCommands(COMMANDS, query)
  const current = Math.min(active, shown.length - 1)
  const optionId = (i: number) => `${listId}-${i}`
  return (
    <Modal title="Command palette" showTitle={false} className="palette" testId="command-palette" onClose={onClose}>
      <input
        className="input palette-input"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        aria-autocomplete="list"
        placeholder="Type a command…"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            const n = shown.length
            if (n > 0) setActive((current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n)
          } else if (e.key === 'Enter') {
            e.preventDefault()
            const cmd = shown[current]
            if (cmd) onRun(cmd.id)
          }
        }}
        data-testid="palette-input"
      />
      <ul className="palette-list" role="listbox" id={listId} aria-label="Commands">
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={`palette-item${i === current ? ' is-active' : ''}`}
            onMouseMove={() => setActive(i)}
            onClick={() => onRun(c.id)}
          >
            <span>{c.label}</span>
            {c.keys && <kbd>{c.keys}</kbd>}
          </li>
        ))}
        {shown.length === 0 && <li className="palette-empty muted">No command matches “{query}”.</li>}
      </ul>
    </Modal>
  )
}
