/**
 * The three downloadable reports as header + rows, shared by the report page (a preview) and the
 * CSV resource route (the file), so both always say the same.
 */
import { conflictsReport, regulatedUseReport, usageReport, type Em, type Period } from '@pco/store';
import type { CsvCell } from './csv';

export const REPORTS = {
  usage: { title: 'Usage by product, technician and location', file: 'usage' },
  'regulated-use': { title: 'Regulated-product use (pesticide application record)', file: 'regulated-use' },
  conflicts: { title: 'Conflicts and their outcomes', file: 'conflicts' },
} as const;
export type ReportName = keyof typeof REPORTS;
export const isReportName = (name: string): name is ReportName => Object.prototype.hasOwnProperty.call(REPORTS, name);

export interface ReportTable {
  header: string[];
  rows: CsvCell[][];
}

export async function buildReport(em: Em, name: ReportName, period: Period): Promise<ReportTable> {
  switch (name) {
    case 'usage': {
      const lines = await usageReport(em, period);
      return {
        header: [
          'Product',
          'Product id',
          'Technician',
          'Technician id',
          'Location',
          'Location id',
          'Quantity used',
          'Unit',
          'Jobs',
        ],
        rows: lines.map((l) => [
          l.productName,
          l.productId,
          l.technicianName,
          l.technicianId,
          l.locationName,
          l.locationId,
          l.quantity,
          l.unit,
          l.applications,
        ]),
      };
    }
    case 'regulated-use': {
      const lines = await regulatedUseReport(em, period);
      return {
        header: [
          'Date and time (UTC)',
          'Product',
          'EPA Reg. No.',
          'Quantity',
          'Unit',
          'Applicator',
          'Applicator id',
          'From location',
          'Site',
          'Job reference',
          'Event id',
        ],
        rows: lines.map((l) => [
          l.occurredAt,
          l.productName,
          l.epaRegistrationNumber,
          l.quantity,
          l.unit,
          l.performedByName,
          l.performedBy,
          l.fromLocationName ?? l.fromLocation,
          l.toLocationName ?? l.toLocation,
          l.jobReference,
          l.eventId,
        ]),
      };
    }
    case 'conflicts': {
      const lines = await conflictsReport(em, period);
      return {
        header: [
          'Raised (UTC)',
          'Conflict id',
          'Type',
          'Severity',
          'Status',
          'Device',
          'Product',
          'Location',
          'What happened',
          'Outcome',
          'Decided by',
          'Resolved (UTC)',
        ],
        rows: lines.map((l) => [
          l.createdAt,
          l.id,
          l.type,
          l.severity,
          l.status,
          l.deviceId,
          l.productName ?? l.productId,
          l.locationName ?? l.locationId,
          l.message,
          l.outcome,
          l.decidedBy,
          l.resolvedAt,
        ]),
      };
    }
  }
}
