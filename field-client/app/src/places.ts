/** Which locations a person works from ("own locations"): assigned to them, active, not a customer site. */
import type { Location, Person } from '@pco/domain';

export const ownLocations = (locations: readonly Location[], userId: string): Location[] =>
  locations.filter((l) => l.assignedPersonIds.includes(userId) && l.status === 'active' && l.kind !== 'customer_site');

export const customerSites = (locations: readonly Location[]): Location[] =>
  locations.filter((l) => l.kind === 'customer_site' && l.status === 'active');

export const roleOf = (persons: readonly Person[], userId: string): Person['role'] =>
  persons.find((p) => p.id === userId)?.role ?? 'technician';
