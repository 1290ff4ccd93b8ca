/**
 * @module files/routes
 * `POST /api/me/uploads`: activity files or export archives in one multipart request → the import
 * summary `{ imported, duplicates, skipped: [{ file, reason }] }`. The body is read as it arrives
 * (an archive is walked while it uploads, never held whole) within UPLOAD_MAX_BYTES, at most
 * UPLOAD_MAX_FILES files and UPLOAD_MAX_UNPACKED_BYTES unpacked; imported runs replan.
 * `GET /api/me/plan/<sessionId>.fit`: one planned session as a FIT workout file for a watch.
 * `GET /api/me/imports`: the runs imported from files; `DELETE /api/me/imports/<id>` removes one
 * file's run (a run another source holds stays), replans, and answers the list left.
 */
import { Hono } from 'hono';
import type { FileInput } from '../../integrations/files';
import type { PlannedSession } from '../../rules';
import { AppError, badRequest, notFound, validation } from '../core/errors';
import { sessionsOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware/auth';
import { deleteImport, listImports } from './imports';
import { type FilePart, multipartBoundary, readMultipartFiles } from './multipart';

async function* asInputs(parts: AsyncIterable<FilePart>, counter: { files: number }): AsyncGenerator<FileInput> {
  for await (const part of parts) {
    counter.files++;
    yield { name: part.filename, bytes: new Uint8Array(0), chunks: part.chunks };
  }
}

export function fileRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/me/uploads', async (c) => {
    const user = requireUser(c);
    const { config } = c.var.deps;
    const boundary = multipartBoundary(c.req.header('content-type'));
    if (!boundary) throw badRequest('send the files as multipart/form-data (one or more file fields)');
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > config.UPLOAD_MAX_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the upload is ${declared} bytes, over the limit of ${config.UPLOAD_MAX_BYTES}`);
    }
    const body = c.req.raw.body;
    if (!body) throw validation('the upload is empty: add at least one file');
    const settings = await readSettings(c.var.deps.db, user.id);
    const counter = { files: 0 };
    const parts = readMultipartFiles(body, boundary, { maxBodyBytes: config.UPLOAD_MAX_BYTES, maxParts: config.UPLOAD_MAX_FILES });
    // The file parsers (FIT SDK, XML, zip) load on first use, so an idle server does not hold them.
    const { importActivityFiles } = await import('./import');
    const summary = await importActivityFiles(c.var.deps, user.id, asInputs(parts, counter), {
      ...(settings ? { defaultTimeZone: settings.timeZone } : {}),
      ...(settings?.hrMaxBpm ? { hrMaxBpm: settings.hrMaxBpm } : {}),
      limits: { maxFiles: config.UPLOAD_MAX_FILES, maxTotalBytes: config.UPLOAD_MAX_UNPACKED_BYTES },
    });
    if (counter.files === 0) throw validation('the upload has no files: add at least one file field');
    return c.json(summary);
  });

  app.get('/api/me/imports', async (c) => {
    const user = requireUser(c);
    return c.json({ imports: await listImports(c.var.deps.db, user.id) });
  });

  app.delete('/api/me/imports/:id', async (c) => {
    const user = requireUser(c);
    const id = c.req.param('id');
    const { activityKept } = await deleteImport(c.var.deps, user.id, id);
    return c.json({ deleted: id, activityKept, imports: await listImports(c.var.deps.db, user.id) });
  });

  app.get('/api/me/plan/:file{[^/]+\\.fit}', async (c) => {
    const user = requireUser(c);
    const sessionId = c.req.param('file').slice(0, -'.fit'.length);
    const row = (await sessionsOf(c.var.deps.db, user.id)).find((s) => s.id === sessionId && s.status === 'planned');
    if (!row) throw notFound(`planned session ${sessionId}`);
    const session = row.content as unknown as PlannedSession;
    const { encodeWorkoutFit, workoutFileName } = await import('../../integrations/files');
    const bytes = encodeWorkoutFit(session, new Date(c.var.deps.clock.now()));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.ant.fit',
      'content-disposition': `attachment; filename="${workoutFileName(session)}"`,
      'cache-control': 'private, no-store',
    });
  });

  return app;
}
