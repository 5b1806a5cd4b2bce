/** The demo organisation: ids are stable constants so tests and demos can name them. */
import type { Location, Person, Product, UnitOfMeasure } from '@pco/domain';

export const DEMO = {
  persons: {
    tech1: 'person-tech-1',
    tech2: 'person-tech-2',
    tech3: 'person-tech-3',
    manager: 'person-manager-1',
    admin: 'person-admin-1',
  },
  locations: {
    warehouse: 'loc-warehouse-main',
    vehicle1: 'loc-vehicle-1',
    vehicle2: 'loc-vehicle-2',
    vehicle3: 'loc-vehicle-3',
    customerSite: 'loc-site-oakridge',
    inactive: 'loc-vehicle-retired',
  },
  products: {
    termiticide: 'prod-termiticide-fipronil',
    rodenticide: 'prod-rodenticide-bait',
    glueBoards: 'prod-glue-boards',
    gloves: 'prod-nitrile-gloves',
  },
  devices: { tech1: 'device-tech-1', tech2: 'device-tech-2', tech3: 'device-tech-3' },
} as const;

const P = DEMO.persons;
const L = DEMO.locations;
const R = DEMO.products;

export const DEMO_PERSONS: Person[] = [
  { id: P.tech1, name: 'Alex Rivera', email: 'alex.rivera@pco.example', role: 'technician' },
  { id: P.tech2, name: 'Sam Okafor', email: 'sam.okafor@pco.example', role: 'technician' },
  { id: P.tech3, name: 'Jordan Kim', email: 'jordan.kim@pco.example', role: 'technician' },
  { id: P.manager, name: 'Morgan Lee', email: 'morgan.lee@pco.example', role: 'manager' },
  { id: P.admin, name: 'Avery Admin', email: 'avery.admin@pco.example', role: 'admin' },
];

export const DEMO_PRODUCTS: Product[] = [
  {
    id: R.termiticide,
    name: 'Fipronil Termiticide SC',
    unit: 'fl_oz',
    epaRegistrationNumber: '432-1489',
    regulated: true,
    unitValueCents: 650,
    active: true,
  },
  {
    id: R.rodenticide,
    name: 'Bromadiolone Rodenticide Bait Blocks',
    unit: 'lb',
    epaRegistrationNumber: '12455-79',
    regulated: true,
    unitValueCents: 900,
    active: true,
  },
  {
    id: R.glueBoards,
    name: 'Glue Boards',
    unit: 'each',
    epaRegistrationNumber: null,
    regulated: false,
    unitValueCents: 75,
    active: true,
  },
  {
    id: R.gloves,
    name: 'Nitrile Gloves (pair)',
    unit: 'each',
    epaRegistrationNumber: null,
    regulated: false,
    unitValueCents: 20,
    active: true,
  },
];

/** vehicle2 is a shared truck (tech2 and tech3): the spec's "Conflict During Sync" scenario. */
export const DEMO_LOCATIONS: Location[] = [
  { id: L.warehouse, name: 'Main Warehouse', kind: 'warehouse', status: 'active', assignedPersonIds: [] },
  { id: L.vehicle1, name: 'Truck 1', kind: 'vehicle', status: 'active', assignedPersonIds: [P.tech1] },
  {
    id: L.vehicle2,
    name: 'Truck 2 (shared)',
    kind: 'vehicle',
    status: 'active',
    assignedPersonIds: [P.tech2, P.tech3],
  },
  { id: L.vehicle3, name: 'Truck 3', kind: 'vehicle', status: 'active', assignedPersonIds: [P.tech3] },
  {
    id: L.customerSite,
    name: 'Oakridge Apartments',
    kind: 'customer_site',
    status: 'active',
    assignedPersonIds: [P.tech1, P.tech2, P.tech3],
  },
  { id: L.inactive, name: 'Retired Truck 0', kind: 'vehicle', status: 'inactive', assignedPersonIds: [P.tech1] },
];

export const DEMO_DEVICES = [
  { id: DEMO.devices.tech1, userId: P.tech1, name: "Alex's phone", key: 'tech1' },
  { id: DEMO.devices.tech2, userId: P.tech2, name: "Sam's phone", key: 'tech2' },
  { id: DEMO.devices.tech3, userId: P.tech3, name: "Jordan's phone", key: 'tech3' },
] as const;

export interface OpeningStock {
  product: string;
  unit: UnitOfMeasure;
  /** Received into the warehouse, then this much transferred to each vehicle. */
  warehouse: number;
  vehicles: Partial<Record<'vehicle1' | 'vehicle2' | 'vehicle3', number>>;
}

export const DEMO_OPENING_STOCK: OpeningStock[] = [
  { product: R.termiticide, unit: 'fl_oz', warehouse: 640, vehicles: { vehicle1: 60, vehicle3: 40 } },
  { product: R.rodenticide, unit: 'lb', warehouse: 200, vehicles: { vehicle1: 40, vehicle3: 20 } },
  { product: R.glueBoards, unit: 'each', warehouse: 500, vehicles: { vehicle1: 100, vehicle2: 50 } },
  { product: R.gloves, unit: 'each', warehouse: 1000, vehicles: { vehicle1: 100, vehicle2: 200, vehicle3: 100 } },
];
