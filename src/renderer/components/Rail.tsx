import { Icon, type IconName } from './Icon'

export interface Place {
  id: string
  label: string
  icon: IconName
}

/** The left rail of places. Only places that exist are listed. */
export function Rail({ places, current }: { places: readonly Place[]; current: string }) {
  return (
    <nav className="rail" aria-label="Places">
      <div className="rail-brand" aria-hidden="true">
        OW
      </div>
      <ul className="rail-list">
        {places.map((p) => (
          <li key={p.id}>
            <a
              href={`#/${p.id}`}
              className="rail-link"
              aria-current={p.id === current ? 'page' : undefined}
              data-testid={`nav-${p.id}`}
            >
              <Icon name={p.icon} size={20} />
              <span className="rail-label">{p.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
