/**
 * @module integrations/files/strava-export
 * A Strava bulk export: `activities.csv` lists every activity with its name, type and the file
 * under `activities/` (`.fit.gz`, `.gpx`, `.tcx.gz`…) holding its recording. The CSV gives the
 * name and sport; the file gives everything else.
 */
import { csvRecords } from './csv';

export interface StravaExportRow {
  activityId: string;
  name?: string;
  type?: string;
  /** path inside the archive, e.g. `activities/123.fit.gz`; absent for manual entries */
  filename?: string;
}

/** True for the CSV at the root of a Strava export (also one folder down, as some unzippers re-zip it). */
export function isStravaCsvName(entryName: string): boolean {
  return /^(?:[^/]+\/)?activities\.csv$/i.test(entryName.replace(/\\/g, '/'));
}

export function parseStravaActivitiesCsv(text: string): StravaExportRow[] {
  return csvRecords(text)
    .map((r) => {
      const row: StravaExportRow = { activityId: r['Activity ID'] ?? '' };
      if (r['Activity Name']) row.name = r['Activity Name'];
      if (r['Activity Type']) row.type = r['Activity Type'];
      if (r['Filename']) row.filename = r['Filename'];
      return row;
    })
    .filter((r) => r.activityId !== '');
}

/** Archive-relative file name as the CSV writes it, normalised for lookup. */
export function exportKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\.?\//, '').replace(/^[^/]+\/(activities\/)/i, '$1').toLowerCase();
}
