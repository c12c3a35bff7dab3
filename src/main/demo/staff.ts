/**
 * The demo helpdesk's teams and their (fake) agents: about sixty people, a fixed number per group, so workload and
 * assignee charts have a believable spread.
 */

export const GROUP_TIER1 = 'Tier 1 Support'
export const GROUP_CREATOR = 'Creator Support'
export const GROUP_TRUST = 'Trust & Safety'
export const GROUP_PAYMENTS = 'Payments'
export const GROUP_COMMERCE = 'Shop Support'
export const GROUP_ADS = 'Ads Support'
export const GROUP_PRIVACY = 'Privacy Operations'
export const GROUP_APPEALS = 'Appeals'
/** Moving a ticket here is what counts as escalation (kpis.md: "moved to a tier-2 group"). */
export const GROUP_ESCALATIONS = 'Escalations (tier 2)'

/** Fake agents, a fixed number per group so workload charts have a believable spread. */
export const AGENTS: Record<string, readonly string[]> = {
  [GROUP_TIER1]: [
    'Ana Ruiz',
    'Ben Carter',
    'Chloe Martin',
    'Daniel Okafor',
    'Emma Schulz',
    'Farah Haddad',
    'Gabriel Souza',
    'Hannah Kim',
    'Isaac Mensah',
    'Julia Nowak',
    'Kevin Tran',
    'Laura Rossi',
    'Mateo Silva',
    'Nadia Rahman',
    'Oliver Brooks',
    'Priya Nair',
  ],
  [GROUP_CREATOR]: [
    'Rafael Costa',
    'Sofia Lopez',
    'Tom Becker',
    'Uma Patel',
    'Victor Dubois',
    'Wen Li',
    'Yuki Tanaka',
    'Zara Ali',
  ],
  [GROUP_TRUST]: [
    'Amara Eze',
    'Bruno Lima',
    'Carmen Vega',
    'Dev Sharma',
    'Elena Petrova',
    'Felix Wagner',
    'Grace Lee',
    'Hiro Yamamoto',
    'Ines Moreau',
    'Jonas Berg',
  ],
  [GROUP_PAYMENTS]: ['Karim Saleh', 'Lena Fischer', 'Marco Bianchi', 'Nina Kowalski', 'Omar Aziz', 'Paula Gomez'],
  [GROUP_COMMERCE]: ['Quinn Taylor', 'Rosa Jimenez', 'Sam Walker', 'Tara Singh', 'Ugo Okeke'],
  [GROUP_ADS]: ['Vera Ivanova', 'Will Foster', 'Ximena Cruz'],
  [GROUP_PRIVACY]: ['Yara Nasser', 'Zoe Laurent', 'Aditya Rao'],
  [GROUP_APPEALS]: ['Bianca Santos', 'Chen Wei', 'Diego Herrera', 'Eva Lindqvist', 'Fatima Bello'],
  [GROUP_ESCALATIONS]: ['Gustavo Reyes', 'Helena Novak', 'Ibrahim Khan', 'Jin Park'],
}
